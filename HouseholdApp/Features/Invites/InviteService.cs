using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

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

/// <summary>
/// What a link shows. Household details are present only for <see cref="InviteState.Valid"/> and
/// <see cref="InviteState.AlreadyMember"/>: a dead link reveals nothing about the household.
/// </summary>
public sealed record InvitePreview(
    InviteState State,
    bool Malformed = false,
    Guid? InviteId = null,
    Guid? HouseholdId = null,
    string? HouseholdName = null,
    string? InvitedBy = null,
    HouseholdRole? Role = null,
    DateTimeOffset? ExpiresAt = null);

public sealed record JoinedHousehold(Guid HouseholdId, string UserId, Guid InviteId);

public sealed partial class InviteService(
    IDbContextFactory<AppDbContext> dbFactory,
    IServiceScopeFactory scopeFactory,
    HouseholdEvents events,
    IOptionsMonitor<InviteOptions> options,
    TimeProvider time,
    ILogger<InviteService> logger)
{
    public async Task<Result<CreatedInvite>> CreateInviteAsync(string? actorUserId, Guid householdId, CreateInviteCommand command, CancellationToken ct = default)
    {
        if (actorUserId is null)
        {
            return InviteErrors.Unauthenticated;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // Locking the household row serialises invite creation per household, so the active-invite limit holds under concurrency.
        var actorRole = await LockHouseholdAndGetRoleAsync(db, householdId, actorUserId, ct);
        if (actorRole is null)
        {
            return HouseholdService.NotFoundError;
        }

        if (actorRole != HouseholdRole.Owner)
        {
            return InviteErrors.NotOwner;
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

        if (ParseRole(command.Role ?? nameof(HouseholdRole.Member)) is not { } role)
        {
            return Error.Validation("invalid_role", "The role must be Member or Owner.", "role");
        }

        if (role > actorRole)
        {
            return Error.Forbidden("role_not_allowed", "An invite cannot grant a role above your own.");
        }

        var now = time.GetUtcNow();
        var limit = options.CurrentValue.MaxActivePerHousehold;
        var active = await db.Invites.CountAsync(
            i => i.HouseholdId == householdId && i.RevokedAt == null && i.ExpiresAt > now && i.UseCount < i.MaxUses, ct);
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
            CreatedByUserId = actorUserId,
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
        if (actorUserId is null)
        {
            return InviteErrors.Unauthenticated;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var authorization = await AuthorizeOwnerAsync(db, actorUserId, householdId, ct);
        if (authorization is not null)
        {
            return authorization;
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
        if (actorUserId is null)
        {
            return InviteErrors.Unauthenticated;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var authorization = await AuthorizeOwnerAsync(db, actorUserId, householdId, ct);
        if (authorization is not null)
        {
            return authorization;
        }

        var now = time.GetUtcNow();
        var revoked = await db.Invites
            .Where(i => i.Id == inviteId && i.HouseholdId == householdId && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now).SetProperty(i => i.RevokedByUserId, actorUserId), ct);
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

    /// <summary>What the holder of a link sees. Never writes: link previewers and mail scanners fetch links.</summary>
    public async Task<InvitePreview> LookupAsync(string? token, string? userId, CancellationToken ct = default)
    {
        var hash = InviteToken.TryHash(token);
        if (hash is null)
        {
            return new InvitePreview(InviteState.Invalid, Malformed: true);
        }

        var row = await FindAsync(hash, userId, ct);
        var state = StateOf(row);
        return state switch
        {
            InviteState.Invalid => new InvitePreview(InviteState.Invalid),
            InviteState.Valid or InviteState.AlreadyMember =>
                new InvitePreview(state, false, row!.Id, row.HouseholdId, row.HouseholdName, row.InvitedBy, row.Role, row.ExpiresAt),
            _ => new InvitePreview(state, InviteId: row!.Id),
        };
    }

    private async Task<LookupRow?> FindAsync(byte[] hash, string? userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LookupQuery(db, hash, userId);
    }

    /// <summary>What a link is to this user now: unknown, theirs already, or its own state.</summary>
    private InviteState StateOf(LookupRow? row) =>
        row is null ? InviteState.Invalid
        : row.IsMember ? InviteState.AlreadyMember
        : InviteStates.StatusOf(row.RevokedAt, row.UseCount, row.MaxUses, row.ExpiresAt, time.GetUtcNow()).ToState();

    /// <summary>
    /// Compiled once: landing pages and previews are the hottest path, and translating the LINQ tree on every
    /// call cost more than the query itself.
    /// </summary>
    private static readonly Func<AppDbContext, byte[], string?, Task<LookupRow?>> LookupQuery = EF.CompileAsyncQuery(
        (AppDbContext db, byte[] hash, string? userId) => db.Invites
            .AsNoTracking()
            .Where(i => i.TokenHash == hash)
            .Select(i => new LookupRow(
                i.Id,
                i.HouseholdId,
                i.Household!.Name,
                i.CreatedBy!.Email,
                i.Role,
                i.ExpiresAt,
                i.RevokedAt,
                i.UseCount,
                i.MaxUses,
                userId != null && db.Memberships.Any(m => m.HouseholdId == i.HouseholdId && m.UserId == userId)))
            .SingleOrDefault());

    private sealed record LookupRow(
        Guid Id, Guid HouseholdId, string HouseholdName, string? InvitedBy, HouseholdRole Role,
        DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, int UseCount, int MaxUses, bool IsMember);

    /// <summary>A signed-in user joins through a link: exactly once, whatever the concurrency (SPEC section 3).</summary>
    public async Task<Result<JoinedHousehold>> AcceptAsync(string? token, string? userId, CancellationToken ct = default)
    {
        if (userId is null)
        {
            return InviteErrors.Unauthenticated;
        }

        var hash = InviteToken.TryHash(token);
        if (hash is null)
        {
            return InviteErrors.Malformed;
        }

        // The whole redemption (SPEC section 3) is one statement, hence one transaction and one round trip: the
        // membership probe, the conditional claim, the membership and the redemption record. Data-modifying CTEs
        // see one snapshot; the UPDATE still takes the row lock and re-checks its conditions on the newest row
        // version, so concurrent claims queue and uses never exceed max_uses. Any error rolls all of it back.
        var now = time.GetUtcNow();
        List<RedeemRow> rows;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            try
            {
                rows = await db.Database.SqlQuery<RedeemRow>($"""
                    WITH invite AS (
                        SELECT i.id, EXISTS (
                            SELECT 1 FROM memberships m WHERE m.household_id = i.household_id AND m.user_id = {userId}) AS is_member
                        FROM invites i WHERE i.token_hash = {hash}
                    ), claim AS (
                        UPDATE invites SET use_count = use_count + 1
                        WHERE token_hash = {hash} AND revoked_at IS NULL AND expires_at > {now} AND use_count < max_uses
                          AND NOT EXISTS (SELECT 1 FROM invite WHERE is_member)
                        RETURNING id, household_id, role
                    ), membership AS (
                        INSERT INTO memberships (id, household_id, user_id, role, joined_at)
                        SELECT {Guid.CreateVersion7(now)}, household_id, {userId}, role, {now} FROM claim
                    ), redemption AS (
                        INSERT INTO invite_redemptions (id, invite_id, user_id, redeemed_at)
                        SELECT {Guid.CreateVersion7(now)}, id, {userId}, {now} FROM claim
                    )
                    SELECT invite.id AS "InviteId", invite.is_member AS "IsMember", claim.household_id AS "HouseholdId"
                    FROM invite LEFT JOIN claim ON true
                    """).ToListAsync(ct);
            }
            catch (PostgresException ex) when (ex.IsUniqueViolation(ConstraintNames.MembershipUnique) || ex.IsUniqueViolation(ConstraintNames.InviteRedemptionUnique))
            {
                // A concurrent accept of the same user committed first (or this user joined through this link before
                // and has since left): nothing was written. Classifying now sees that membership.
                return InviteErrors.ForState(await ClassifyAsync(hash, userId, ct));
            }
        }

        if (rows.Count == 0)
        {
            return InviteErrors.Invalid;
        }

        var row = rows[0];
        if (row.IsMember)
        {
            return InviteErrors.AlreadyMember;
        }

        if (row.HouseholdId is not { } householdId)
        {
            return InviteErrors.ForState(await ClassifyAsync(hash, userId, ct));
        }

        LogInviteRedeemed(row.InviteId, householdId);
        events.Publish(householdId);
        return new JoinedHousehold(householdId, userId, row.InviteId);
    }

    private sealed record RedeemRow(Guid InviteId, bool IsMember, Guid? HouseholdId);

    /// <summary>
    /// A new person signs up through a link: the account, the claim, the membership and the redemption record
    /// commit together or not at all — no orphan account, no burnt invite.
    /// </summary>
    public async Task<Result<JoinedHousehold>> SignUpAndAcceptAsync(string? token, string? email, string? password, CancellationToken ct = default)
    {
        var hash = InviteToken.TryHash(token);
        if (hash is null)
        {
            return InviteErrors.Malformed;
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var validation = await ValidateNewAccountAsync(userManager, email, password);
        if (validation is not null)
        {
            return validation;
        }

        // Identity's stores write through the scope's context, so the transaction is begun on that same context.
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var now = time.GetUtcNow();
            var claim = await ClaimAsync(db, hash, now, ct);
            if (claim is not null)
            {
                var user = new ApplicationUser { UserName = email, Email = email };
                var created = await CreateUserAsync(userManager, user, password!);
                if (created is not null)
                {
                    await transaction.RollbackAsync(ct);
                    return created;
                }

                var joined = await AddMembershipAsync(db, claim, user.Id, now, ct);
                await transaction.CommitAsync(ct);
                LogInviteRedeemedBySignUp(claim.Id, claim.HouseholdId, user.Id);
                events.Publish(claim.HouseholdId);
                return joined;
            }
        }

        return InviteErrors.ForState(await ClassifyAsync(hash, null, ct));
    }

    /// <summary>
    /// The claim is one conditional UPDATE: the row lock it takes makes concurrent claims of one invite queue up,
    /// and each re-checks the conditions after the one before it commits — so uses can never exceed max_uses.
    /// </summary>
    private static async Task<ClaimedInvite?> ClaimAsync(AppDbContext db, byte[] hash, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<ClaimedInvite>($"""
            UPDATE invites SET use_count = use_count + 1
            WHERE token_hash = {hash} AND revoked_at IS NULL AND expires_at > {now} AND use_count < max_uses
            RETURNING id AS "Id", household_id AS "HouseholdId", role AS "Role"
            """).ToListAsync(ct);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The new account's membership and redemption record (a brand-new user cannot collide with either unique index).</summary>
    private static async Task<JoinedHousehold> AddMembershipAsync(AppDbContext db, ClaimedInvite claim, string userId, DateTimeOffset now, CancellationToken ct)
    {
        db.Memberships.Add(new Membership
        {
            Id = Guid.CreateVersion7(now),
            HouseholdId = claim.HouseholdId,
            UserId = userId,
            Role = Enum.Parse<HouseholdRole>(claim.Role),
            JoinedAt = now,
        });
        db.InviteRedemptions.Add(new InviteRedemption { Id = Guid.CreateVersion7(now), InviteId = claim.Id, UserId = userId, RedeemedAt = now });
        await db.SaveChangesAsync(ct);
        return new JoinedHousehold(claim.HouseholdId, userId, claim.Id);
    }

    /// <summary>Why a claim found nothing: read after the claiming transaction ended, so it sees the winners' commits.</summary>
    private async Task<InviteState> ClassifyAsync(byte[] hash, string? userId, CancellationToken ct)
    {
        var state = StateOf(await FindAsync(hash, userId, ct));

        // Usable again by now (a concurrent claim rolled back): still report it as used rather than retrying here.
        return state == InviteState.Valid ? InviteState.Used : state;
    }

    private static async Task<Error?> ValidateNewAccountAsync(UserManager<ApplicationUser> userManager, string? email, string? password)
    {
        var fields = new Dictionary<string, string[]>();
        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 256 || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email))
        {
            fields["email"] = ["Enter a valid email address."];
        }

        if (string.IsNullOrEmpty(password))
        {
            fields["password"] = ["Choose a password."];
        }
        else if (password.Length > 200)
        {
            fields["password"] = ["The password can be at most 200 characters long."];
        }
        else
        {
            var messages = new List<string>();
            foreach (var validator in userManager.PasswordValidators)
            {
                var result = await validator.ValidateAsync(userManager, new ApplicationUser { UserName = email, Email = email }, password);
                messages.AddRange(result.Errors.Select(e => e.Description));
            }

            if (messages.Count > 0)
            {
                fields["password"] = [.. messages];
            }
        }

        return fields.Count == 0
            ? null
            : new Error(ErrorKind.Validation, "validation_failed", "Some fields need attention.") { Fields = fields };
    }

    private static async Task<Error?> CreateUserAsync(UserManager<ApplicationUser> userManager, ApplicationUser user, string password)
    {
        IdentityResult result;
        try
        {
            result = await userManager.CreateAsync(user, password);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(ConstraintNames.UserEmailUnique) || ex.IsUniqueViolation(ConstraintNames.UserNameUnique))
        {
            // Another sign-up with this address committed between Identity's check and our insert.
            return InviteErrors.EmailTaken;
        }

        if (result.Succeeded)
        {
            return null;
        }

        if (result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            return InviteErrors.EmailTaken;
        }

        var field = result.Errors.All(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "password" : "email";
        return new Error(ErrorKind.Validation, "validation_failed", "Some fields need attention.")
        {
            Fields = new Dictionary<string, string[]> { [field] = [.. result.Errors.Select(e => e.Description)] },
        };
    }

    private static async Task<HouseholdRole?> LockHouseholdAndGetRoleAsync(AppDbContext db, Guid householdId, string userId, CancellationToken ct)
    {
        var roles = await db.Database.SqlQuery<string>($"""
            SELECT m.role AS "Value"
            FROM households h JOIN memberships m ON m.household_id = h.id AND m.user_id = {userId}
            WHERE h.id = {householdId}
            FOR NO KEY UPDATE OF h
            """).ToListAsync(ct);
        return roles.Count == 0 ? null : Enum.Parse<HouseholdRole>(roles[0]);
    }

    private static async Task<Error?> AuthorizeOwnerAsync(AppDbContext db, string actorUserId, Guid householdId, CancellationToken ct)
    {
        var role = await db.Memberships
            .Where(m => m.HouseholdId == householdId && m.UserId == actorUserId)
            .Select(m => (HouseholdRole?)m.Role)
            .SingleOrDefaultAsync(ct);
        return role switch
        {
            null => HouseholdService.NotFoundError,
            HouseholdRole.Owner => null,
            _ => InviteErrors.NotOwner,
        };
    }

    /// <summary>Only the role names themselves (any letter case); never numbers or combinations.</summary>
    public static HouseholdRole? ParseRole(string? value) =>
        string.Equals(value, nameof(HouseholdRole.Member), StringComparison.OrdinalIgnoreCase) ? HouseholdRole.Member
        : string.Equals(value, nameof(HouseholdRole.Owner), StringComparison.OrdinalIgnoreCase) ? HouseholdRole.Owner
        : null;

    private sealed record ClaimedInvite(Guid Id, Guid HouseholdId, string Role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invite {InviteId} created for household {HouseholdId} ({MaxUses} uses, expires {ExpiresAt:u})")]
    private partial void LogInviteCreated(Guid inviteId, Guid householdId, int maxUses, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invite {InviteId} of household {HouseholdId} revoked")]
    private partial void LogInviteRevoked(Guid inviteId, Guid householdId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invite {InviteId} redeemed: a member joined household {HouseholdId}")]
    private partial void LogInviteRedeemed(Guid inviteId, Guid householdId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invite {InviteId} redeemed by new account {UserId}: joined household {HouseholdId}")]
    private partial void LogInviteRedeemedBySignUp(Guid inviteId, Guid householdId, string userId);
}
