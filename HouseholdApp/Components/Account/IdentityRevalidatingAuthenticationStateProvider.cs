using HouseholdApp.Common;
using HouseholdApp.Features.Sessions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Components.Account;

/// <summary>
/// An interactive circuit re-checks its session as often as a cookie does, so a sign-out or a credential change
/// elsewhere also ends open pages (they fall back to signed out). A check that cannot reach the database keeps the
/// session until the next one: no sign-out or credential change can be written while it is down, and the framework
/// would otherwise sign out every open page for the outage.
/// </summary>
internal sealed partial class IdentityRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    UserSessions sessions,
    IOptions<UserSessionOptions> options
) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    private readonly ILogger logger = loggerFactory.CreateLogger<IdentityRevalidatingAuthenticationStateProvider>();

    protected override TimeSpan RevalidationInterval =>
        options.Value.ValidationInterval > TimeSpan.FromSeconds(1)
            ? options.Value.ValidationInterval
            : TimeSpan.FromSeconds(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState,
        CancellationToken cancellationToken
    ) => CheckAsync(authenticationState, cancellationToken);

    /// <summary>The check each open page runs every interval: false ends the page's sign-in.</summary>
    internal async Task<bool> CheckAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        try
        {
            return await sessions.IsActiveAsync(authenticationState.User, cancellationToken);
        }
        catch (Exception exception) when (ErrorHandling.IsDatabaseUnavailable(exception))
        {
            LogSessionCheckDeferred(logger, exception.GetBaseException().Message);
            return true;
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "An open page's session could not be checked, the database is unavailable ({Reason}): "
            + "checked again later"
    )]
    private static partial void LogSessionCheckDeferred(ILogger logger, string reason);
}
