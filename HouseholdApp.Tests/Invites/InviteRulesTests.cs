using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Memberships;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HouseholdApp.Tests.Invites;

/// <summary>The "usable invite" rule exists in SQL (the claim) and in LINQ (limits, cascades): both must pick the same
/// rows.</summary>
public sealed class InviteRulesTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UsableRule_InSqlAndInLinqAndInMemory_PicksExactlyTheSameInvites()
    {
        var owner = (await env.App.CreateUserAsync("owner")).UserId;
        var household = await env.App.CreateHouseholdAsync((owner, HouseholdRole.Owner));
        var now = new DateTimeOffset(2030, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var shapes = new (string Name, TimeSpan ExpiresIn, int UseCount, int MaxUses, bool Revoked)[]
        {
            ("pending", TimeSpan.FromDays(1), 0, 1, false),
            ("one use left", TimeSpan.FromSeconds(1), 4, 5, false),
            ("expires exactly now", TimeSpan.Zero, 0, 1, false),
            ("expired", TimeSpan.FromSeconds(-1), 0, 3, false),
            ("used up", TimeSpan.FromDays(1), 2, 2, false),
            ("revoked", TimeSpan.FromDays(1), 0, 1, true),
            ("revoked and used up and expired", TimeSpan.FromDays(-1), 1, 1, true),
        };
        var ids = new Dictionary<Guid, string>();
        await using (var db = env.App.CreateDbContext())
        {
            foreach (var shape in shapes)
            {
                var expiresAt = now + shape.ExpiresIn;
                var invite = new Invite
                {
                    Id = Guid.NewGuid(),
                    HouseholdId = household,
                    TokenHash = InviteToken.Hash(InviteToken.Generate()),
                    CreatedByUserId = owner,
                    CreatedAt = expiresAt.AddDays(-2),
                    ExpiresAt = expiresAt,
                    MaxUses = shape.MaxUses,
                    UseCount = shape.UseCount,
                    RevokedAt = shape.Revoked ? now.AddHours(-1) : null,
                    RevokedReason = shape.Revoked ? InviteRevokedReason.RevokedByOwner : null,
                };
                db.Invites.Add(invite);
                ids[invite.Id] = shape.Name;
            }

            await db.SaveChangesAsync(Ct);
        }

        await using var read = env.App.CreateDbContext();
        var bySql = await read
            .Database.SqlQueryRaw<Guid>(
                "SELECT i.id AS \"Value\" FROM invites i "
                    + $"WHERE i.household_id = @household AND {InviteRules.UsableSql}",
                new NpgsqlParameter("household", household),
                new NpgsqlParameter("now", now)
            )
            .ToListAsync(Ct);
        var byLinq = await read
            .Invites.Where(i => i.HouseholdId == household)
            .Where(InviteRules.IsUsable(now))
            .Select(i => i.Id)
            .ToListAsync(Ct);
        var inMemory = (await read.Invites.Where(i => i.HouseholdId == household).ToListAsync(Ct))
            .Where(i => InviteStates.Of(i.RevokedAt, i.UseCount, i.MaxUses, i.ExpiresAt, now) == InviteState.Valid)
            .Select(i => i.Id);

        string[] expected = ["one use left", "pending"];
        bySql.Select(id => ids[id]).Order().ShouldBe(expected);
        byLinq.Select(id => ids[id]).Order().ShouldBe(expected);
        inMemory.Select(id => ids[id]).Order().ShouldBe(expected);
    }
}
