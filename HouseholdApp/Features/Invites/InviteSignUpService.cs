using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Accounts;
using HouseholdApp.Features.Activity;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HouseholdApp.Features.Invites;

/// <summary>
/// A new person signs up through a link. Needs Identity, so only the sign-up posts construct it (its
/// <see cref="UserManager{TUser}"/> is costly); looking a link up never does. <paramref name="db"/> is the request's
/// context, the one Identity's stores write through, so the account and the membership share one transaction.
/// </summary>
public sealed partial class InviteSignUpService(
    UserManager<ApplicationUser> userManager,
    AppDbContext db,
    InviteRedemptionService redemptions,
    HouseholdEvents events,
    TimeProvider time,
    AppMetrics metrics,
    ILogger<InviteSignUpService> logger)
{
    /// <summary>The account, the claim, the membership and the redemption record commit together or not at all — no orphan account, no burnt invite.</summary>
    public async Task<JoinOutcome> SignUpAndAcceptAsync(string? token, string? email, string? password, string? displayName = null, CancellationToken ct = default)
    {
        var hash = InviteToken.TryHash(token);
        if (hash is null)
        {
            return metrics.Redeemed(new JoinOutcome.Refused(InviteRefusal.Malformed));
        }

        email = EmailAddresses.Normalize(email);
        var (chosenName, nameError) = DisplayNames.Validate(displayName);
        var invalid = await ValidateNewAccountAsync(email, password, nameError);
        if (invalid is not null)
        {
            return invalid;
        }

        var user = new ApplicationUser { UserName = email, Email = email, DisplayName = chosenName ?? "" };
        return metrics.Redeemed(await CreateAccountAndJoinAsync(hash, user, () => CreateUserAsync(user, password!), ct));
    }

    /// <summary>
    /// The same for an account with a passkey and no password. <paramref name="account"/> and <paramref name="passkey"/>
    /// come from a verified attestation; the account takes the id and the address the passkey was created for.
    /// </summary>
    public async Task<JoinOutcome> SignUpWithPasskeyAndAcceptAsync(string? token, PasskeyUserEntity account, UserPasskeyInfo passkey, string? displayName = null, CancellationToken ct = default)
    {
        var hash = InviteToken.TryHash(token);
        if (hash is null)
        {
            return metrics.Redeemed(new JoinOutcome.Refused(InviteRefusal.Malformed));
        }

        var email = EmailAddresses.Normalize(account.Name);
        var (chosenName, nameError) = DisplayNames.Validate(displayName);
        var fields = ValidateEmailAndName(email, nameError);
        if (fields.Count > 0)
        {
            return new JoinOutcome.InvalidAccount(fields);
        }

        var user = new ApplicationUser { Id = account.Id, UserName = email, Email = email, DisplayName = chosenName ?? "" };
        return metrics.Redeemed(await CreateAccountAndJoinAsync(hash, user, async () =>
        {
            var created = await CreateUserAsync(user, password: null);
            if (created is not null)
            {
                return created;
            }

            // The insert's trigger may have chosen the display name; the passkey's update writes the row back with it.
            await db.Entry(user).ReloadAsync(ct);
            var added = await userManager.AddOrUpdatePasskeyAsync(user, passkey);
            return added.Succeeded ? null : new JoinOutcome.InvalidAccount(new Dictionary<string, string[]> { ["passkey"] = [.. added.Errors.Select(e => e.Description)] });
        }, ct));
    }

    /// <summary>Claims a use of the link, creates the account (<paramref name="createAccount"/> answers null on success) and adds the membership, all in one transaction.</summary>
    private async Task<JoinOutcome> CreateAccountAndJoinAsync(byte[] hash, ApplicationUser user, Func<Task<JoinOutcome?>> createAccount, CancellationToken ct)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var now = time.GetUtcNow();
            var claims = await db.Database.SqlQueryRaw<ClaimedInvite>(
                    InviteRules.ClaimSql(), new NpgsqlParameter("hash", hash), new NpgsqlParameter("now", now))
                .ToListAsync(ct);
            if (claims.Count > 0)
            {
                var claim = claims[0];
                var created = await createAccount();
                if (created is not null)
                {
                    await transaction.RollbackAsync(ct);
                    return created;
                }

                // A brand-new user cannot collide with either unique index of memberships or redemptions.
                db.Memberships.Add(new Membership
                {
                    Id = Guid.CreateVersion7(now),
                    HouseholdId = claim.HouseholdId,
                    UserId = user.Id,
                    Role = Enum.Parse<HouseholdRole>(claim.Role),
                    JoinedAt = now,
                });
                db.InviteRedemptions.Add(new InviteRedemption { Id = Guid.CreateVersion7(now), InviteId = claim.Id, UserId = user.Id, RedeemedAt = now });
                await db.SaveChangesAsync(ct);
                await ActivityLog.RecordAsync(db, claim.HouseholdId, ActivityKind.Joined, now, ct,
                    actorUserId: user.Id, inviteId: claim.Id, role: Enum.Parse<HouseholdRole>(claim.Role));
                await transaction.CommitAsync(ct);
                LogInviteRedeemedBySignUp(claim.Id, claim.HouseholdId, user.Id);
                events.Publish(claim.HouseholdId);
                return new JoinOutcome.Joined(claim.HouseholdId, user.Id, claim.Id);
            }
        }

        return new JoinOutcome.Refused(await redemptions.ClassifyAsync(hash, null, ct));
    }

    private sealed record ClaimedInvite(Guid Id, Guid HouseholdId, string Role);

    private static Dictionary<string, string[]> ValidateEmailAndName(string? email, string? displayNameError)
    {
        var fields = new Dictionary<string, string[]>();
        if (EmailAddresses.Validate(email).Error is { } emailError)
        {
            fields["email"] = [emailError];
        }

        if (displayNameError is not null)
        {
            fields["displayName"] = [displayNameError];
        }

        return fields;
    }

    private async Task<JoinOutcome.InvalidAccount?> ValidateNewAccountAsync(string? email, string? password, string? displayNameError)
    {
        var fields = ValidateEmailAndName(email, displayNameError);
        if (string.IsNullOrEmpty(password))
        {
            fields["password"] = ["Choose a password."];
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

        return fields.Count == 0 ? null : new JoinOutcome.InvalidAccount(fields);
    }

    private async Task<JoinOutcome?> CreateUserAsync(ApplicationUser user, string? password)
    {
        IdentityResult result;
        try
        {
            result = password is null ? await userManager.CreateAsync(user) : await userManager.CreateAsync(user, password);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation(ConstraintNames.UserEmailUnique) || ex.IsUniqueViolation(ConstraintNames.UserNameUnique))
        {
            // Another sign-up with this address committed between Identity's check and our insert.
            return new JoinOutcome.EmailTaken();
        }

        if (result.Succeeded)
        {
            return null;
        }

        if (result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            return new JoinOutcome.EmailTaken();
        }

        var field = result.Errors.All(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "password" : "email";
        return new JoinOutcome.InvalidAccount(new Dictionary<string, string[]> { [field] = [.. result.Errors.Select(e => e.Description)] });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Invite {InviteId} redeemed by new account {UserId}: joined household {HouseholdId}")]
    private partial void LogInviteRedeemedBySignUp(Guid inviteId, Guid householdId, string userId);
}
