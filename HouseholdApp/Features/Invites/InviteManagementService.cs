using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.Invites;

public sealed record CreateInviteCommand(string? ExpiresIn, int? MaxUses, string? Role);

public sealed record CreatedInvite(Guid Id, string Token, DateTimeOffset ExpiresAt, int MaxUses, HouseholdRole Role);

public sealed record InviteRedemptionInfo(string UserId, string Email, DateTimeOffset RedeemedAt);

public sealed record InviteSummary(
    Guid Id,
    InviteStatus Status,
    HouseholdRole Role,
    int MaxUses,
    int UseCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string CreatedBy,
    DateTimeOffset? RevokedAt,
    IReadOnlyList<InviteRedemptionInfo> Redemptions);

/// <summary>Owners managing a household's links: create, list, revoke. Authorized inside, whoever calls.</summary>
public sealed partial class InviteManagementService(
    IDbContextFactory<AppDbContext> dbFactory,
    HouseholdEvents events,
    IOptionsMonitor<InviteOptions> options,
    TimeProvider time,
    ILogger<InviteManagementService> logger)
{
    public async Task<Result<CreatedInvite>> CreateInviteAsync(string? actorUserId, Guid householdId, CreateInviteCommand command, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // The household row lock serialises invite creation per household, so the active-invite limit holds under concurrency.
        var actor = await HouseholdAccess.LockAsync(db, householdId, actorUserId, HouseholdRole.Owner, InviteErrors.NotOwner, ct);
        if (!actor.IsSuccess)
        {
            return actor.Error!;
        }

        var lifetime = InviteExpiry.TryParse(command.ExpiresIn ?? InviteExpiry.Default);
        if (lifetime is null)
        {
            return Error.Validation("invalid_expiry", "Choose how long the link works: 1h, 1d, 7d or 30d.", "expiresIn");
        }

        var maxUses = command.MaxUses ?? 1;
        if (maxUses is < 1 or > Invite.MaxUsesLimit)
        {
            return Error.Validation("invalid_max_uses", $"A link can be used between 1 and {Invite.MaxUsesLimit} times.", "maxUses");
        }

        if (HouseholdRoles.Parse(command.Role ?? nameof(HouseholdRole.Member)) is not { } role)
        {
            return Error.Validation("invalid_role", "The role must be Member or Owner.", "role");
        }

        if (HouseholdRoles.Rank(role) > HouseholdRoles.Rank(actor.Value!.Role))
        {
            return Error.Forbidden("role_not_allowed", "An invite cannot grant a role above your own.");
        }

        var now = time.GetUtcNow();
        var limit = options.CurrentValue.MaxActivePerHousehold;
        var active = await db.Invites.Where(i => i.HouseholdId == householdId).CountAsync(InviteRules.IsUsable(now), ct);
        if (active >= limit)
        {
            return InviteErrors.TooManyInvites(limit);
        }

        var token = InviteToken.Generate();
        var invite = new Invite
        {
            Id = Guid.CreateVersion7(now),
            HouseholdId = householdId,
            TokenHash = InviteToken.Hash(token),
            Role = role,
            CreatedByUserId = actor.Value.UserId,
            CreatedAt = now,
            ExpiresAt = now + lifetime.Value,
            MaxUses = maxUses,
        };
        db.Invites.Add(invite);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        LogInviteCreated(invite.Id, householdId, maxUses, invite.ExpiresAt);
        events.Publish(householdId);
        return new CreatedInvite(invite.Id, token, invite.ExpiresAt, invite.MaxUses, invite.Role);
    }

    public async Task<Result<IReadOnlyList<InviteSummary>>> ListInvitesAsync(string? actorUserId, Guid householdId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await HouseholdAccess.LockAsync(db, householdId, actorUserId, HouseholdRole.Owner, InviteErrors.NotOwner, ct);
        if (!actor.IsSuccess)
        {
            return actor.Error!;
        }

        var now = time.GetUtcNow();
        var rows = await db.Invites
            .Where(i => i.HouseholdId == householdId)
            .OrderByDescending(i => i.CreatedAt)
            .Select(i => new
            {
                i.Id,
                i.Role,
                i.MaxUses,
                i.UseCount,
                i.CreatedAt,
                i.ExpiresAt,
                i.RevokedAt,
                CreatedBy = i.CreatedBy!.Email,
                Redemptions = i.Redemptions
                    .OrderBy(r => r.RedeemedAt)
                    .Select(r => new InviteRedemptionInfo(r.UserId, r.User!.Email ?? "", r.RedeemedAt))
                    .ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(ct);

        return rows.Select(i => new InviteSummary(
                i.Id,
                InviteStates.StatusOf(i.RevokedAt, i.UseCount, i.MaxUses, i.ExpiresAt, now),
                i.Role,
                i.MaxUses,
                i.UseCount,
                i.CreatedAt,
                i.ExpiresAt,
                i.CreatedBy ?? "",
                i.RevokedAt,
                i.Redemptions))
            .ToList();
    }

    /// <summary>Revokes an invite: one conditional update, effective for every later lookup and claim.</summary>
    public async Task<Result<Unit>> RevokeInviteAsync(string? actorUserId, Guid householdId, Guid inviteId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await HouseholdAccess.LockAsync(db, householdId, actorUserId, HouseholdRole.Owner, InviteErrors.NotOwner, ct);
        if (!actor.IsSuccess)
        {
            return actor.Error!;
        }

        var now = time.GetUtcNow();
        var revoked = await db.Invites
            .Where(i => i.Id == inviteId && i.HouseholdId == householdId && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now).SetProperty(i => i.RevokedByUserId, actor.Value!.UserId), ct);
        if (revoked == 0)
        {
            // Revoking twice is not an error; revoking someone else's invite is "not found".
            var exists = await db.Invites.AnyAsync(i => i.Id == inviteId && i.HouseholdId == householdId, ct);
            return exists ? Unit.Value : InviteErrors.InviteNotFound;
        }

        LogInviteRevoked(inviteId, householdId);
        events.Publish(householdId);
        return Unit.Value;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Invite {InviteId} created for household {HouseholdId} ({MaxUses} uses, expires {ExpiresAt:u})")]
    private partial void LogInviteCreated(Guid inviteId, Guid householdId, int maxUses, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invite {InviteId} of household {HouseholdId} revoked")]
    private partial void LogInviteRevoked(Guid inviteId, Guid householdId);
}
