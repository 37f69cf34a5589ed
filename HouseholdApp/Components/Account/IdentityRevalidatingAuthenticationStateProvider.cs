using HouseholdApp.Features.Sessions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Components.Account;

/// <summary>
/// An interactive circuit re-checks its session as often as a cookie does, so a sign-out or a credential change
/// elsewhere also ends open pages (they fall back to signed out).
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    UserSessions sessions,
    IOptions<UserSessionOptions> options
) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval =>
        options.Value.ValidationInterval > TimeSpan.FromSeconds(1)
            ? options.Value.ValidationInterval
            : TimeSpan.FromSeconds(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState,
        CancellationToken cancellationToken
    ) => sessions.IsActiveAsync(authenticationState.User, cancellationToken);
}
