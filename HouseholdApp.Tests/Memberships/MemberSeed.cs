using HouseholdApp.Data;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Tests.Memberships;

/// <summary>Test data written straight to the database, so service tests need no HTTP round trips.</summary>
internal static class MemberSeed
{
    public static async Task<string> UserAsync(TestApp app, string who = "user")
    {
        var email = TestApp.UniqueEmail(who);
        var user = new ApplicationUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        await using var db = app.CreateDbContext();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    public static Task<Guid> HouseholdAsync(TestApp app, params (string UserId, HouseholdRole Role)[] members) =>
        NamedHouseholdAsync(app, "Seeded household", members);

    public static async Task<Guid> NamedHouseholdAsync(TestApp app, string name, params (string UserId, HouseholdRole Role)[] members)
    {
        var now = DateTimeOffset.UtcNow;
        var household = new Household { Id = Guid.NewGuid(), Name = name, CreatedAt = now };
        foreach (var (userId, role) in members)
        {
            household.Memberships.Add(new Membership { Id = Guid.NewGuid(), UserId = userId, Role = role, JoinedAt = now });
            now = now.AddSeconds(1);
        }

        await using var db = app.CreateDbContext();
        db.Households.Add(household);
        await db.SaveChangesAsync();
        return household.Id;
    }

    public static async Task AddMemberAsync(TestApp app, Guid householdId, string userId, HouseholdRole role)
    {
        await using var db = app.CreateDbContext();
        db.Memberships.Add(new Membership { Id = Guid.NewGuid(), HouseholdId = householdId, UserId = userId, Role = role, JoinedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    /// <summary>The household's members as "userId:Role", sorted, for comparing whole states.</summary>
    public static async Task<List<string>> MembersAsync(TestApp app, Guid householdId)
    {
        await using var db = app.CreateDbContext();
        var rows = await db.Memberships.Where(m => m.HouseholdId == householdId).Select(m => new { m.UserId, m.Role }).ToListAsync();
        return [.. rows.Select(r => $"{r.UserId}:{r.Role}").Order(StringComparer.Ordinal)];
    }

    public static async Task<int> OwnerCountAsync(TestApp app, Guid householdId)
    {
        await using var db = app.CreateDbContext();
        return await db.Memberships.CountAsync(m => m.HouseholdId == householdId && m.Role == HouseholdRole.Owner);
    }
}
