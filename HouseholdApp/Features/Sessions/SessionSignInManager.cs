using System.Security.Claims;
using HouseholdApp.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.Sessions;

/// <summary>
/// Identity's sign-in manager, with a server-side session behind every sign-in (password, passkey, API tokens):
/// each one gets a session id claim and a <see cref="UserSession"/> row, and signing out deletes that row.
/// </summary>
public sealed class SessionSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    UserSessions sessions
)
    : SignInManager<ApplicationUser>(
        userManager,
        contextAccessor,
        claimsFactory,
        optionsAccessor,
        logger,
        schemes,
        confirmation
    )
{
    private bool refreshing;

    public override async Task SignInWithClaimsAsync(
        ApplicationUser user,
        AuthenticationProperties? authenticationProperties,
        IEnumerable<Claim> additionalClaims
    )
    {
        var claims = additionalClaims.Where(c => c.Type != UserSessions.ClaimType).ToList();
        var stamp = await UserManager.GetSecurityStampAsync(user);
        string? sessionId = null;
        // A refresh (after this session changed the password or the address) keeps the session it refreshes.
        if (
            refreshing
            && Context.User.FindFirstValue(UserSessions.ClaimType) is { } current
            && UserManager.GetUserId(Context.User) == user.Id
            && await sessions.RenewAsync(current, user.Id, stamp, Context.RequestAborted)
        )
        {
            sessionId = current;
        }

        var kind = AuthenticationScheme == IdentityConstants.BearerScheme ? SessionKind.Api : SessionKind.Browser;
        sessionId ??= await sessions.StartAsync(
            user,
            stamp,
            kind,
            Context.Request.Headers.UserAgent.ToString(),
            Context.RequestAborted
        );
        claims.Add(new Claim(UserSessions.ClaimType, sessionId));
        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }

    public override async Task RefreshSignInAsync(ApplicationUser user)
    {
        refreshing = true;
        try
        {
            await base.RefreshSignInAsync(user);
        }
        finally
        {
            refreshing = false;
        }
    }

    public override async Task SignOutAsync()
    {
        if (Context.User.Identity?.IsAuthenticated == true)
        {
            await sessions.EndAsync(Context.User, Context.RequestAborted);
        }

        await base.SignOutAsync();
    }
}
