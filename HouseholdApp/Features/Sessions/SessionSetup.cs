using System.Security.Claims;
using System.Text.Encodings.Web;
using HouseholdApp.Common;
using HouseholdApp.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.Sessions;

internal static class SessionSetup
{
    /// <summary>The scheme the API authenticates with: Identity's bearer tokens, refused once their session
    /// ended.</summary>
    public const string BearerScheme = "Identity.Bearer.Session";

    /// <summary>
    /// Server-side sessions on top of Identity: the security stamp (checked every validation interval for cookies,
    /// refresh tokens and interactive circuits) ends every session at a credential change, and the session record ends
    /// one session at sign-out. Call after Identity's cookies are added: they replace the cookie's events.
    /// </summary>
    public static IServiceCollection AddSessions(this IServiceCollection services)
    {
        services
            .AddOptions<UserSessionOptions>()
            .BindConfiguration(UserSessionOptions.Section)
            .Validate(
                o => o.ValidationInterval >= TimeSpan.Zero && o.ValidationInterval <= TimeSpan.FromMinutes(1),
                "Sessions:ValidationInterval must be between 00:00:00 and 00:01:00: a sign-out must reach "
                    + "every instance within a minute."
            )
            .Validate(o => o.IdleLifetime > TimeSpan.Zero, "Sessions:IdleLifetime must be positive.")
            .ValidateOnStart();
        services.AddMemoryCache();
        services.AddSingleton<UserSessions>();
        services.AddScoped<AccountSessions>();
        services
            .AddOptions<SecurityStampValidatorOptions>()
            .Configure<IOptions<UserSessionOptions>>(
                (o, sessions) =>
                {
                    o.ValidationInterval = sessions.Value.ValidationInterval;
                    // Identity rebuilds the principal when it re-checks the stamp; the session id must survive that.
                    o.OnRefreshingPrincipal = context =>
                    {
                        if (
                            context.CurrentPrincipal?.FindFirst(UserSessions.ClaimType) is { } session
                            && context.NewPrincipal?.Identity is ClaimsIdentity identity
                            && !identity.HasClaim(c => c.Type == UserSessions.ClaimType)
                        )
                        {
                            identity.AddClaim(new Claim(UserSessions.ClaimType, session.Value));
                        }

                        return Task.CompletedTask;
                    };
                }
            );
        services.ConfigureApplicationCookie(o =>
            o.Events.OnValidatePrincipal = async context =>
            {
                var sessions = context.HttpContext.RequestServices.GetRequiredService<UserSessions>();
                if (!await sessions.IsActiveAsync(context.Principal, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                await SecurityStampValidator.ValidatePrincipalAsync(context);
            }
        );
        services
            .AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, SessionBearerHandler>(BearerScheme, o =>
            {
                o.ForwardChallenge = IdentityConstants.BearerScheme;
                o.ForwardForbid = IdentityConstants.BearerScheme;
                o.ForwardSignIn = IdentityConstants.BearerScheme;
                o.ForwardSignOut = IdentityConstants.BearerScheme;
            });
        return services;
    }

    /// <summary>
    /// For the account API's route group: a refresh token works only while its session lives, and the new tokens
    /// keep the session's id (Identity builds them from the account alone).
    /// </summary>
    public static async ValueTask<object?> RefreshFilterAsync(
        EndpointFilterInvocationContext context,
        EndpointFilterDelegate next
    )
    {
        if (context.Arguments.OfType<RefreshRequest>().FirstOrDefault() is not { } refresh)
        {
            return await next(context);
        }

        var services = context.HttpContext.RequestServices;
        var protector = services
            .GetRequiredService<IOptionsMonitor<BearerTokenOptions>>()
            .Get(IdentityConstants.BearerScheme)
            .RefreshTokenProtector;
        var ticket = string.IsNullOrEmpty(refresh.RefreshToken) ? null : protector.Unprotect(refresh.RefreshToken);
        var sessionId = ticket?.Principal.FindFirstValue(UserSessions.ClaimType);
        if (
            ticket is null
            || sessionId is null
            || !await services
                .GetRequiredService<UserSessions>()
                .IsActiveAsync(ticket.Principal, context.HttpContext.RequestAborted)
        )
        {
            return TypedResults.Challenge();
        }

        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        if (
            inner is SignInHttpResult { Principal.Identity: ClaimsIdentity identity }
            && !identity.HasClaim(c => c.Type == UserSessions.ClaimType)
        )
        {
            identity.AddClaim(new Claim(UserSessions.ClaimType, sessionId));
        }

        return result;
    }

    /// <summary>
    /// The caller's own sessions: <c>POST logout</c> ends the bearer token's session, <c>GET sessions</c> lists them
    /// all, <c>DELETE sessions/{id}</c> ends one, <c>POST sessions/revoke</c> every other one.
    /// </summary>
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder endpoints, string accountPrefix)
    {
        var account = endpoints
            .MapGroup(accountPrefix)
            .RequireAuthorization(ApiAuthorization.PolicyName)
            .WithTags("Account");
        account
            .MapPost("/logout", async (ClaimsPrincipal principal, UserSessions sessions, CancellationToken ct) =>
            {
                await sessions.EndAsync(principal, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Sign out: the bearer token and its refresh token stop working, on every instance.");

        account
            .MapGet("/sessions", async (ClaimsPrincipal principal, AccountSessions sessions, CancellationToken ct) =>
                TypedResults.Ok(await sessions.ListAsync(principal, ct))
            )
            .WithSummary("The caller's signed-in sessions (browsers and API clients), most recently seen first.");

        account
            .MapDelete(
                "/sessions/{id}",
                async (string id, ClaimsPrincipal principal, AccountSessions sessions, CancellationToken ct) =>
                    (await sessions.EndAsync(principal, id, ct)).ToHttpResult(_ => TypedResults.NoContent())
            )
            .WithSummary(
                "Sign out one of the caller's sessions, by its id from the list (the caller's own: like logout)."
            )
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        account
            .MapPost(
                "/sessions/revoke",
                async (ClaimsPrincipal principal, AccountSessions sessions, CancellationToken ct) =>
                    TypedResults.Ok(new RevokedSessionsResponse(await sessions.EndOthersAsync(principal, ct)))
            )
            .WithSummary(
                "Sign out everywhere else: every other session's cookie, bearer and refresh tokens stop working."
            );
        return endpoints;
    }
}

/// <summary>How many other sessions "sign out everywhere else" ended.</summary>
public sealed record RevokedSessionsResponse(int Ended);

/// <summary>Identity's bearer tokens, refused once the session they belong to has ended (signed out, or the account's
/// credentials changed). Identity itself only checks the security stamp when a refresh token is used.</summary>
internal sealed class SessionBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UserSessions sessions
) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var result = await Context.AuthenticateAsync(IdentityConstants.BearerScheme);
        if (!result.Succeeded)
        {
            return result;
        }

        return await sessions.IsActiveAsync(result.Principal, Context.RequestAborted)
            ? AuthenticateResult.Success(new AuthenticationTicket(result.Principal, result.Properties, Scheme.Name))
            : AuthenticateResult.Fail("This session has ended: sign in again.");
    }
}
