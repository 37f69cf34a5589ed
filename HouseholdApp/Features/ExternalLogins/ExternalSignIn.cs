using System.Security.Claims;
using HouseholdApp.Common;
using HouseholdApp.Components.Account;
using HouseholdApp.Data;
using HouseholdApp.Features.Accounts;
using HouseholdApp.Features.Invites;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.ExternalLogins;

/// <summary>What coming back from a provider came to: a closed set, each a redirect or a page of its own.</summary>
public abstract record ExternalSignInOutcome
{
    private ExternalSignInOutcome() { }

    /// <summary>
    /// Signed in (a known login, or a new account made from it); go on to <paramref name="ReturnUrl"/>.
    /// </summary>
    public sealed record SignedIn(string ReturnUrl) : ExternalSignInOutcome;

    /// <summary>The account asks for its second factor first; then on to <paramref name="ReturnUrl"/>.</summary>
    public sealed record NeedsTwoFactor(string ReturnUrl) : ExternalSignInOutcome;

    public sealed record LockedOut : ExternalSignInOutcome;

    /// <summary>The account waits for its address to be confirmed.</summary>
    public sealed record NotConfirmed : ExternalSignInOutcome;

    /// <summary>The trip left nothing to read (it expired, or the page was opened again).</summary>
    public sealed record Expired : ExternalSignInOutcome;

    /// <summary>The provider gave no usable, confirmed e-mail address.</summary>
    public sealed record NoUsableEmail(string Provider) : ExternalSignInOutcome;

    /// <summary>
    /// An account with this address exists: it is never linked by itself; its owner signs in and links.
    /// </summary>
    public sealed record AccountExists(string Provider, string Email) : ExternalSignInOutcome;

    /// <summary>New accounts come through invites only on this server.</summary>
    public sealed record InviteOnly : ExternalSignInOutcome;

    /// <summary>The invite did not let this person in (its landing page says why); nothing was created.</summary>
    public sealed record InviteRefused(string LandingPath) : ExternalSignInOutcome;
}

/// <summary>
/// The callback of a sign-in through a provider. A login already linked signs its account in (through the sign-in
/// manager: a server-side session, two-factor, lockout). A new person gets an account made from the provider's
/// address under the same address rules as every sign-up, with the login attached; from an invite, through the one
/// redemption (<see cref="InviteSignUpService"/>). An address that already has an account is never linked here.
/// </summary>
public sealed class ExternalSignIn(
    SignInManager<ApplicationUser> signInManager,
    AppDbContext db,
    HouseholdApp.Features.Admin.RegistrationModes registration,
    InviteRedemptionService invites,
    InviteSignUpService inviteSignUps,
    SharedTexts shared
)
{
    private UserManager<ApplicationUser> Users => signInManager.UserManager;

    public async Task<ExternalSignInOutcome> CompleteAsync(CancellationToken ct)
    {
        var info = await signInManager.GetExternalLoginInfoAsync();
        if (info is null)
        {
            return new ExternalSignInOutcome.Expired();
        }

        var properties = info.AuthenticationProperties;
        var invite = properties?.GetString(ExternalLoginFlow.InviteItem) is { Length: > 0 } token ? token : null;
        var returnUrl = invite is null
            ? properties?.GetString(ExternalLoginFlow.ReturnUrlItem)
            : InviteLinks.RelativePath(invite);
        returnUrl = string.IsNullOrEmpty(returnUrl) ? "/households" : returnUrl;
        var result = await signInManager.ExternalLoginSignInAsync(
            info.LoginProvider,
            info.ProviderKey,
            isPersistent: false,
            bypassTwoFactor: false
        );
        if (result.Succeeded)
        {
            return invite is null
                ? new ExternalSignInOutcome.SignedIn(returnUrl)
                : await JoinAsync(invite, await Users.FindByLoginAsync(info.LoginProvider, info.ProviderKey), ct);
        }

        if (result.RequiresTwoFactor)
        {
            return new ExternalSignInOutcome.NeedsTwoFactor(returnUrl);
        }

        if (result.IsLockedOut || result.IsNotAllowed)
        {
            await signInManager.Context.SignOutAsync(IdentityConstants.ExternalScheme);
            return result.IsLockedOut
                ? new ExternalSignInOutcome.LockedOut()
                : new ExternalSignInOutcome.NotConfirmed();
        }

        var outcome = await SignUpAsync(info, invite, returnUrl, ct);
        if (outcome is not ExternalSignInOutcome.SignedIn)
        {
            // Whatever happened, the provider's answer is used up: a second look at this page starts nothing.
            await signInManager.Context.SignOutAsync(IdentityConstants.ExternalScheme);
        }

        return outcome;
    }

    private async Task<ExternalSignInOutcome> SignUpAsync(
        ExternalLoginInfo info,
        string? invite,
        string returnUrl,
        CancellationToken ct
    )
    {
        var provider = info.ProviderDisplayName ?? info.LoginProvider;
        var principal = info.Principal;
        var email = EmailAddresses.Canonicalize(
            principal.FindFirstValue(ClaimTypes.Email) ?? principal.FindFirstValue("email")
        );
        // A provider that says it has not checked the address does not get to claim it here.
        if (
            email is null
            || string.Equals(principal.FindFirstValue("email_verified"), "false", StringComparison.OrdinalIgnoreCase)
        )
        {
            return new ExternalSignInOutcome.NoUsableEmail(provider);
        }

        if (await Users.FindByEmailAsync(email) is not null)
        {
            return new ExternalSignInOutcome.AccountExists(provider, email);
        }

        var name = NameRules.DisplayName.Check(
            principal.FindFirstValue("name") ?? principal.FindFirstValue(ClaimTypes.Name),
            shared
        )
            is (var n, null)
            ? n
            : null;
        var confirmed = string.Equals(
            principal.FindFirstValue("email_verified"),
            "true",
            StringComparison.OrdinalIgnoreCase
        );
        var login = new UserLoginInfo(info.LoginProvider, info.ProviderKey, info.ProviderDisplayName);
        if (invite is not null)
        {
            var joined = await inviteSignUps.SignUpWithExternalLoginAndAcceptAsync(
                invite,
                email,
                name,
                login,
                confirmed,
                ct
            );
            return joined switch
            {
                JoinOutcome.Joined j => await SignInNewAccountAsync(
                    j.UserId,
                    info.LoginProvider,
                    WelcomeBanner.UrlFor(j.HouseholdId)
                ),
                JoinOutcome.EmailTaken => new ExternalSignInOutcome.AccountExists(provider, email),
                JoinOutcome.InvalidAccount => new ExternalSignInOutcome.NoUsableEmail(provider),
                _ => new ExternalSignInOutcome.InviteRefused(InviteLinks.RelativePath(invite)),
            };
        }

        if (await registration.CurrentAsync(ct) == RegistrationMode.InviteOnly)
        {
            return new ExternalSignInOutcome.InviteOnly();
        }

        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            DisplayName = name ?? "",
            EmailConfirmed = confirmed,
        };
        return await CreateAccountAsync(user, login, ct)
            ? await SignInNewAccountAsync(user.Id, info.LoginProvider, returnUrl)
            : new ExternalSignInOutcome.AccountExists(provider, email);
    }

    /// <summary>The account and its login together, or neither; false when the address was taken meanwhile.</summary>
    private async Task<bool> CreateAccountAsync(ApplicationUser user, UserLoginInfo login, CancellationToken ct)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var created = await Users.CreateAsync(user);
            if (!created.Succeeded)
            {
                return false;
            }

            // The insert's trigger may have chosen the display name; adding the login writes the row back with it.
            await db.Entry(user).ReloadAsync(ct);
            if (!(await Users.AddLoginAsync(user, login)).Succeeded)
            {
                return false;
            }

            await transaction.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Another sign-up with this address committed first.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private async Task<ExternalSignInOutcome> SignInNewAccountAsync(
        string userId,
        string loginProvider,
        string destination
    )
    {
        var user = await Users.FindByIdAsync(userId);
        if (user is null || !await signInManager.CanSignInAsync(user))
        {
            // The server wants a confirmed address first: the account exists; signing in comes after confirming.
            return new ExternalSignInOutcome.NotConfirmed();
        }

        await signInManager.SignInAsync(user, isPersistent: false, loginProvider);
        await signInManager.Context.SignOutAsync(IdentityConstants.ExternalScheme);
        return new ExternalSignInOutcome.SignedIn(destination);
    }

    private async Task<ExternalSignInOutcome> JoinAsync(string invite, ApplicationUser? user, CancellationToken ct)
    {
        var outcome = user is null ? null : await invites.AcceptAsync(invite, user.Id, ct);
        return outcome is JoinOutcome.Joined joined
            ? new ExternalSignInOutcome.SignedIn(WelcomeBanner.UrlFor(joined.HouseholdId))
            : new ExternalSignInOutcome.SignedIn(InviteLinks.RelativePath(invite));
    }
}
