using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Features.Invites;

/// <summary>
/// A new person signs up through a link: the account is a step of the one redemption
/// (<see cref="InviteRedemptionService.RedeemAsync"/>). Needs Identity, so only the sign-up posts construct it;
/// looking a link up never does. <paramref name="db"/> is the context Identity's stores write through, so the account
/// and the membership share one transaction.
/// </summary>
public sealed class InviteSignUpService(
    UserManager<ApplicationUser> userManager,
    AppDbContext db,
    InviteRedemptionService redemptions,
    InviteTexts texts,
    SharedTexts shared,
    AppMetrics metrics
)
{
    /// <summary>The account, the claim, the membership and the redemption record commit together or not at
    /// all.</summary>
    public async Task<JoinOutcome> SignUpAndAcceptAsync(
        string? token,
        string? email,
        string? password,
        string? displayName = null,
        CancellationToken ct = default
    ) => metrics.Redeemed(await SignUpAsync(token, email, password, displayName, ct));

    private async Task<JoinOutcome> SignUpAsync(
        string? token,
        string? email,
        string? password,
        string? displayName,
        CancellationToken ct
    )
    {
        var hash = InviteToken.TryHash(token);
        if (hash is null)
        {
            return new JoinOutcome.Refused(InviteState.Malformed);
        }

        email = EmailAddresses.Normalize(email);
        var fields = ValidateEmailAndName(email, displayName, out var chosenName);
        await ValidatePasswordAsync(fields, email, password);
        if (fields.Count > 0)
        {
            return new JoinOutcome.InvalidAccount(fields);
        }

        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            DisplayName = chosenName ?? "",
        };
        return await redemptions.RedeemAsync(db, hash, user.Id, () => CreateUserAsync(user, password!), ct);
    }

    /// <summary>
    /// The same for an account with a passkey and no password. <paramref name="account"/> and <paramref
    /// name="passkey"/> come from a verified attestation; the account takes the id and the address the passkey was
    /// created for.
    /// </summary>
    public async Task<JoinOutcome> SignUpWithPasskeyAndAcceptAsync(
        string? token,
        PasskeyUserEntity account,
        UserPasskeyInfo passkey,
        string? displayName = null,
        CancellationToken ct = default
    ) => metrics.Redeemed(await SignUpWithPasskeyAsync(token, account, passkey, displayName, ct));

    private Task<JoinOutcome> SignUpWithPasskeyAsync(
        string? token,
        PasskeyUserEntity account,
        UserPasskeyInfo passkey,
        string? displayName,
        CancellationToken ct
    )
    {
        var user = new ApplicationUser { Id = account.Id, Email = account.Name };
        return SignUpWithoutPasswordAsync(
            token,
            user,
            displayName,
            "passkey",
            () => userManager.AddOrUpdatePasskeyAsync(user, passkey),
            ct
        );
    }

    /// <summary>
    /// The same for a person coming back from an OpenID Connect provider: the account has no password and the
    /// provider's login is attached to it. <paramref name="emailConfirmed"/> when the provider vouched for the address.
    /// </summary>
    public async Task<JoinOutcome> SignUpWithExternalLoginAndAcceptAsync(
        string? token,
        string? email,
        string? displayName,
        UserLoginInfo login,
        bool emailConfirmed,
        CancellationToken ct = default
    )
    {
        var user = new ApplicationUser { Email = email, EmailConfirmed = emailConfirmed };
        return metrics.Redeemed(
            await SignUpWithoutPasswordAsync(
                token,
                user,
                displayName,
                "login",
                () => userManager.AddLoginAsync(user, login),
                ct
            )
        );
    }

    /// <summary>
    /// An account that signs in with what <paramref name="addCredential"/> adds; its errors go under
    /// <paramref name="credential"/>.
    /// </summary>
    private async Task<JoinOutcome> SignUpWithoutPasswordAsync(
        string? token,
        ApplicationUser user,
        string? displayName,
        string credential,
        Func<Task<IdentityResult>> addCredential,
        CancellationToken ct
    )
    {
        var hash = InviteToken.TryHash(token);
        if (hash is null)
        {
            return new JoinOutcome.Refused(InviteState.Malformed);
        }

        var email = EmailAddresses.Normalize(user.Email);
        var fields = ValidateEmailAndName(email, displayName, out var chosenName);
        if (fields.Count > 0)
        {
            return new JoinOutcome.InvalidAccount(fields);
        }

        (user.UserName, user.Email, user.DisplayName) = (email, email, chosenName ?? "");
        return await redemptions.RedeemAsync(
            db,
            hash,
            user.Id,
            async () =>
            {
                if (await CreateUserAsync(user, password: null) is { } failed)
                {
                    return failed;
                }

                // The insert's trigger may have chosen the display name; adding the credential writes the row back with
                // it.
                await db.Entry(user).ReloadAsync(ct);
                var added = await addCredential();
                return added.Succeeded
                    ? null
                    : new JoinOutcome.InvalidAccount(
                        new Dictionary<string, string[]> { [credential] = [.. added.Errors.Select(e => e.Description)] }
                    );
            },
            ct
        );
    }

    private Dictionary<string, string[]> ValidateEmailAndName(
        string? email,
        string? displayName,
        out string? chosenName
    )
    {
        var fields = new Dictionary<string, string[]>();
        if (EmailAddresses.Validate(email, shared).Error is { } emailError)
        {
            fields["email"] = [emailError];
        }

        (chosenName, var nameError) = NameRules.DisplayName.Check(displayName, shared);
        if (nameError is not null)
        {
            fields["displayName"] = [nameError];
        }

        return fields;
    }

    private async Task ValidatePasswordAsync(Dictionary<string, string[]> fields, string? email, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            fields["password"] = [texts.ChoosePassword];
            return;
        }

        var messages = new List<string>();
        foreach (var validator in userManager.PasswordValidators)
        {
            var result = await validator.ValidateAsync(
                userManager,
                new ApplicationUser { UserName = email, Email = email },
                password
            );
            messages.AddRange(result.Errors.Select(e => e.Description));
        }

        if (messages.Count > 0)
        {
            fields["password"] = [.. messages];
        }
    }

    private async Task<JoinOutcome?> CreateUserAsync(ApplicationUser user, string? password)
    {
        IdentityResult result;
        try
        {
            result = password is null
                ? await userManager.CreateAsync(user)
                : await userManager.CreateAsync(user, password);
        }
        catch (DbUpdateException ex)
            when (ex.IsUniqueViolation(ConstraintNames.UserEmailUnique)
                || ex.IsUniqueViolation(ConstraintNames.UserNameUnique)
            )
        {
            // Another sign-up with this address committed between Identity's check and our insert.
            return new JoinOutcome.EmailTaken();
        }

        if (result.Succeeded)
        {
            return null;
        }

        if (
            result.Errors.Any(e =>
                e.Code
                    is nameof(IdentityErrorDescriber.DuplicateEmail)
                        or nameof(IdentityErrorDescriber.DuplicateUserName)
            )
        )
        {
            return new JoinOutcome.EmailTaken();
        }

        var field = result.Errors.All(e => e.Code.StartsWith("Password", StringComparison.Ordinal))
            ? "password"
            : "email";
        return new JoinOutcome.InvalidAccount(
            new Dictionary<string, string[]> { [field] = [.. result.Errors.Select(e => e.Description)] }
        );
    }
}
