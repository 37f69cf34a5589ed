using System.Globalization;
using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Accounts;
using HouseholdApp.Features.Activity;
using HouseholdApp.Features.Email;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.Invites;

/// <param name="Email">Mail the link to this address (when mail is on).</param>
/// <param name="BindToEmail">Only an account with <paramref name="Email"/>, confirmed, can redeem the link.</param>
public sealed record CreateInviteCommand(
    string? ExpiresIn,
    int? MaxUses,
    string? Role,
    string? Label = null,
    string? Email = null,
    bool? BindToEmail = null
);

public sealed record CreatedInvite(
    Guid Id,
    string Token,
    DateTimeOffset ExpiresAt,
    int MaxUses,
    HouseholdRole Role,
    string? Label,
    string? Email = null,
    bool Mailed = false,
    bool BoundToEmail = false
);

public sealed record InviteRedemptionInfo(
    string UserId,
    string Email,
    DateTimeOffset RedeemedAt,
    string DisplayName = ""
);

public sealed record InviteSummary(
    Guid Id,
    InviteState State,
    HouseholdRole Role,
    int MaxUses,
    int UseCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string CreatedBy,
    DateTimeOffset? RevokedAt,
    IReadOnlyList<InviteRedemptionInfo> Redemptions,
    InviteRevokedReason? RevokedReason = null,
    string? Label = null,
    string? RevokedBy = null
);

/// <summary>Owners managing a household's links: create, list, revoke, clear the history. Authorized inside, whoever
/// calls.</summary>
public sealed partial class InviteManagementService(
    HouseholdEvents events,
    IOptionsMonitor<InviteOptions> options,
    TimeProvider time,
    Mailer mailer,
    EmailTemplates mailTemplates,
    MailRateLimiter mailLimits,
    PublicUrl publicUrl,
    InviteErrors errors,
    HouseholdAccess access,
    HouseholdTexts householdTexts,
    SharedTexts shared,
    AppMetrics metrics,
    ILogger<InviteManagementService> logger
)
{
    public async Task<Result<CreatedInvite>> CreateInviteAsync(
        string? actorUserId,
        Guid householdId,
        CreateInviteCommand command,
        CancellationToken ct = default
    )
    {
        // The household row lock serialises invite creation per household, so the active-invite limit holds under
        // concurrency.
        var result = await AsOwnerAsync<CreatedInvite>(actorUserId, householdId, ct, (db, actor) =>
            CreateAsync(db, actor, householdId, command, ct)
        );
        if (result.IsSuccess)
        {
            LogInviteCreated(result.Value!.Id, householdId, result.Value.MaxUses, result.Value.ExpiresAt);
            metrics.InviteCreated();
            events.Publish(householdId);
            if (result.Value.Mailed)
            {
                mailer.Wake();
            }
        }

        return result;
    }

    private async Task<Result<CreatedInvite>> CreateAsync(
        AppDbContext db,
        Membership actor,
        Guid householdId,
        CreateInviteCommand command,
        CancellationToken ct
    )
    {
        var lifetime = InviteExpiry.TryParse(command.ExpiresIn ?? InviteExpiry.Default);
        if (lifetime is null)
        {
            return errors.InvalidExpiry;
        }

        var maxUses = command.MaxUses ?? 1;
        if (maxUses is < 1 or > Invite.MaxUsesLimit)
        {
            return errors.InvalidMaxUses(Invite.MaxUsesLimit);
        }

        if (HouseholdRoles.Parse(command.Role ?? nameof(HouseholdRole.Member)) is not { } role)
        {
            return errors.InvalidRole;
        }

        var (label, labelError) = NameRules.InviteLabel.Check(command.Label, shared);
        if (labelError is not null)
        {
            return Error.Validation("invalid_label", labelError, "label");
        }

        var email = EmailAddresses.Normalize(command.Email);
        var bind = command.BindToEmail == true;
        if (string.IsNullOrEmpty(email))
        {
            email = null;
            if (bind)
            {
                return errors.BindNeedsEmail;
            }
        }
        else if (!EmailAddresses.IsCanonical(email))
        {
            return errors.InvalidEmail;
        }
        else if (!mailer.Enabled && !bind)
        {
            return errors.MailOff;
        }

        if (HouseholdRoles.Rank(role) > HouseholdRoles.Rank(actor.Role))
        {
            return errors.RoleNotAllowed;
        }

        var now = time.GetUtcNow();
        var limit = options.CurrentValue.MaxActivePerHousehold;
        var active = await db
            .Invites.Where(i => i.HouseholdId == householdId)
            .CountAsync(InviteRules.IsUsable(now), ct);
        if (active >= limit)
        {
            return errors.TooManyInvites(limit);
        }

        var token = InviteToken.Generate();
        var invite = new Invite
        {
            Id = Guid.CreateVersion7(now),
            HouseholdId = householdId,
            TokenHash = InviteToken.Hash(token),
            Role = role,
            CreatedByUserId = actor.UserId,
            CreatedAt = now,
            ExpiresAt = now + lifetime.Value,
            MaxUses = maxUses,
            Label = label,
            BoundEmail = bind ? new AccountLookupNormalizer().NormalizeEmail(email) : null,
        };
        db.Invites.Add(invite);
        var mailed = email is not null && mailer.Enabled;
        if (mailed)
        {
            if (await mailLimits.TryInviteMailAsync(db, actor.UserId, householdId, ct) is { } wait)
            {
                return MailLimitErrors.TooManyInvites(wait);
            }

            // Written with the invite, in its transaction: no link without its message, no message without its link.
            var names = await db
                .Households.Where(h => h.Id == householdId)
                .Select(h => new
                {
                    h.Name,
                    InvitedBy = db.Users.Where(u => u.Id == actor.UserId).Select(u => u.DisplayName).First(),
                })
                .SingleAsync(ct);
            var (language, zone) = await EmailTemplates.RecipientAsync(db, email!, CultureInfo.CurrentUICulture, ct);
            mailer.Enqueue(
                db,
                mailTemplates.Invite(
                    language,
                    email!,
                    names.InvitedBy,
                    names.Name,
                    InviteLinks.Absolute(publicUrl, token),
                    bind,
                    invite.ExpiresAt,
                    zone
                ),
                actor.UserId
            );
        }

        await db.SaveChangesAsync(ct);
        await ActivityLog.RecordAsync(
            db,
            householdId,
            ActivityKind.LinkCreated,
            now,
            ct,
            actorUserId: invite.CreatedByUserId,
            inviteId: invite.Id,
            role: role
        );
        return new CreatedInvite(
            invite.Id,
            token,
            invite.ExpiresAt,
            invite.MaxUses,
            invite.Role,
            invite.Label,
            email,
            mailed,
            bind
        );
    }

    /// <summary>
    /// Mails a link just created (from the dialog that still holds it) to one address. The token must be this
    /// invite's own, still usable: the owner can mail their household's link, never a text of their choosing.
    /// </summary>
    public async Task<Result<string>> MailInviteLinkAsync(
        string? actorUserId,
        Guid householdId,
        Guid inviteId,
        string token,
        string? email,
        CancellationToken ct = default
    )
    {
        var address = EmailAddresses.Normalize(email);
        if (string.IsNullOrEmpty(address) || !EmailAddresses.IsCanonical(address))
        {
            return errors.InvalidEmail;
        }

        if (!mailer.Enabled)
        {
            return errors.MailOff;
        }

        var hash = InviteToken.Hash(token);
        var result = await AsOwnerAsync<string>(actorUserId, householdId, ct, async (db, actor) =>
        {
            var invite = await db
                .Invites.Where(i => i.Id == inviteId && i.HouseholdId == householdId && i.TokenHash == hash)
                .Where(InviteRules.IsUsable(time.GetUtcNow()))
                .Select(i => new
                {
                    Bound = i.BoundEmail != null,
                    i.Household!.Name,
                    InvitedBy = i.CreatedBy!.DisplayName,
                    i.ExpiresAt,
                })
                .SingleOrDefaultAsync(ct);
            if (invite is null)
            {
                return errors.Invalid;
            }

            if (await mailLimits.TryInviteMailAsync(db, actor.UserId, householdId, ct) is { } wait)
            {
                return MailLimitErrors.TooManyInvites(wait);
            }

            var (language, zone) = await EmailTemplates.RecipientAsync(db, address, CultureInfo.CurrentUICulture, ct);
            mailer.Enqueue(
                db,
                mailTemplates.Invite(
                    language,
                    address,
                    invite.InvitedBy,
                    invite.Name,
                    InviteLinks.Absolute(publicUrl, token),
                    invite.Bound,
                    invite.ExpiresAt,
                    zone
                ),
                actor.UserId
            );
            await db.SaveChangesAsync(ct);
            return address;
        });
        if (result.IsSuccess)
        {
            mailer.Wake();
        }

        return result;
    }

    public Task<Result<IReadOnlyList<InviteSummary>>> ListInvitesAsync(
        string? actorUserId,
        Guid householdId,
        CancellationToken ct = default
    ) => access.ReadAsync(householdId, actorUserId, HouseholdRole.Owner, (db, _) => ListAsync(db, householdId, ct), ct);

    private async Task<Result<IReadOnlyList<InviteSummary>>> ListAsync(
        AppDbContext db,
        Guid householdId,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        var rows = await db
            .Invites.Where(i => i.HouseholdId == householdId)
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
                i.RevokedReason,
                i.Label,
                CreatedBy = i.CreatedBy!.DisplayName,
                RevokedBy = db.Users.Where(u => u.Id == i.RevokedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
                Redemptions = i
                    .Redemptions.OrderBy(r => r.RedeemedAt)
                    .Select(r => new InviteRedemptionInfo(
                        r.UserId,
                        r.User!.Email ?? "",
                        r.RedeemedAt,
                        r.User.DisplayName
                    ))
                    .ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(ct);

        // Pending links first (what an owner acts on), then the history; newest first within each.
        return rows.Select(i => new InviteSummary(
                i.Id,
                InviteStates.Of(i.RevokedAt, i.UseCount, i.MaxUses, i.ExpiresAt, now),
                i.Role,
                i.MaxUses,
                i.UseCount,
                i.CreatedAt,
                i.ExpiresAt,
                i.CreatedBy ?? householdTexts.FormerMember,
                i.RevokedAt,
                i.Redemptions,
                i.RevokedReason,
                i.Label,
                i.RevokedBy
            ))
            .OrderBy(i => i.State == InviteState.Valid ? 0 : 1)
            .ToList();
    }

    /// <summary>Revokes an invite: one conditional update, effective for every later lookup and claim.</summary>
    public async Task<Result<Unit>> RevokeInviteAsync(
        string? actorUserId,
        Guid householdId,
        Guid inviteId,
        CancellationToken ct = default
    )
    {
        var revoked = await AsOwnerAsync<int>(actorUserId, householdId, ct, async (db, actor) =>
        {
            var count = await InviteRevocations.RevokeOneAsync(
                db,
                householdId,
                inviteId,
                actor.UserId,
                time.GetUtcNow(),
                ct
            );

            // Revoking twice (or a link already used up or expired) changes nothing and is not an error; revoking
            // another household's invite is "not found".
            return count > 0 || await db.Invites.AnyAsync(i => i.Id == inviteId && i.HouseholdId == householdId, ct)
                ? count
                : errors.InviteNotFound;
        });
        if (!revoked.IsSuccess)
        {
            return revoked.Error!;
        }

        if (revoked.Value > 0)
        {
            LogInviteRevoked(inviteId, householdId);
            events.Publish(householdId);
        }

        return Unit.Value;
    }

    /// <summary>
    /// Deletes the household's links that can no longer be used (used up, expired, revoked), their token hashes and
    /// redemption records with them. Members keep their membership; the activity keeps its entries, without the link.
    /// </summary>
    public async Task<Result<int>> ClearHistoryAsync(
        string? actorUserId,
        Guid householdId,
        CancellationToken ct = default
    )
    {
        var deleted = await AsOwnerAsync<int>(actorUserId, householdId, ct, async (db, _) =>
            await db
                .Invites.Where(i => i.HouseholdId == householdId)
                .Where(InviteRules.IsHistory(time.GetUtcNow()))
                .ExecuteDeleteAsync(ct)
        );
        if (deleted.IsSuccess)
        {
            LogHistoryCleared(householdId, deleted.Value);
            events.Publish(householdId);
        }

        return deleted;
    }

    private Task<Result<T>> AsOwnerAsync<T>(
        string? actorUserId,
        Guid householdId,
        CancellationToken ct,
        Func<AppDbContext, Membership, Task<Result<T>>> work
    ) => access.ChangeAsync(householdId, actorUserId, HouseholdRole.Owner, work, ct);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Invite history of household {HouseholdId} cleared ({Count} links deleted)"
    )]
    private partial void LogHistoryCleared(Guid householdId, int count);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Invite {InviteId} created for household {HouseholdId} ({MaxUses} uses, expires {ExpiresAt:u})"
    )]
    private partial void LogInviteCreated(Guid inviteId, Guid householdId, int maxUses, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invite {InviteId} of household {HouseholdId} revoked")]
    private partial void LogInviteRevoked(Guid inviteId, Guid householdId);
}
