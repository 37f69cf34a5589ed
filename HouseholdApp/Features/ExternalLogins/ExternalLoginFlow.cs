using HouseholdApp.Components.Account;
using HouseholdApp.Data;
using HouseholdApp.Features.Invites;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace HouseholdApp.Features.ExternalLogins;

/// <summary>
/// Why a trip to a provider came back without a sign-in; the page it lands on says so in plain words.
/// </summary>
public enum ExternalLoginFailure
{
    /// <summary>The provider could not be reached (its metadata or its token endpoint).</summary>
    Unavailable,

    /// <summary>The person said no at the provider (error=access_denied).</summary>
    Denied,

    /// <summary>Anything else: a state or correlation that does not match, an expired trip, an error answer.</summary>
    Failed,
}

/// <summary>
/// The trip to a provider and back: the posts that start it (sign-in or sign-up, from an invite, or linking a provider
/// to the signed-in account) and where a failed one lands. What the trip carries (the invite, where to go next) rides
/// in the authentication properties, which the handler encrypts into the state: no invite token appears in a URL.
/// </summary>
internal static partial class ExternalLoginFlow
{
    public const string StartPath = "/Account/ExternalLogin/Start";
    public const string CallbackPage = "/Account/ExternalLogin";
    public const string ManagePage = "/Account/Manage/ExternalLogins";
    public const string LinkCallback = ManagePage + "?Action=LinkLoginCallback";
    public const string InviteItem = "householdapp.invite";
    public const string ReturnUrlItem = "householdapp.returnUrl";
    public const string FailurePageItem = "householdapp.failurePage";
    private const string LoginPage = "/Account/Login";

    public static IEndpointRouteBuilder MapExternalLoginEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Form posts with antiforgery, checked in ChallengeAsync: another site cannot start a sign-in here, and a form
        // whose token has expired gets the sign-in page with a word of explanation rather than a bare 400.
        endpoints
            .MapPost(
                StartPath,
                async (
                    HttpContext context,
                    [FromServices] OidcProviders providers,
                    [FromServices] SignInManager<ApplicationUser> signInManager,
                    [FromForm] string? provider,
                    [FromForm] string? returnUrl,
                    [FromForm] string? invite
                ) =>
                {
                    var found = providers.Find(provider);
                    var properties = signInManager.ConfigureExternalAuthenticationProperties(
                        found?.Scheme,
                        CallbackPage
                    );
                    properties.SetString(FailurePageItem, LoginPage);
                    properties.SetString(
                        ReturnUrlItem,
                        IdentityComponentsEndpointRouteBuilderExtensions.IsLocal(returnUrl) ? returnUrl : null
                    );
                    properties.SetString(InviteItem, InviteToken.IsWellFormed(invite) ? invite : null);
                    return await ChallengeAsync(context, found, properties);
                }
            )
            .DisableAntiforgery()
            .RequireRateLimiting(AccountRateLimiting.PolicyName);

        endpoints
            .MapPost(
                "/Account/Manage/LinkExternalLogin",
                async (
                    HttpContext context,
                    [FromServices] OidcProviders providers,
                    [FromServices] SignInManager<ApplicationUser> signInManager,
                    [FromForm] string? provider
                ) =>
                {
                    // A half-finished sign-in elsewhere must not be taken for the login to link.
                    await context.SignOutAsync(IdentityConstants.ExternalScheme);
                    var found = providers.Find(provider);
                    var properties = signInManager.ConfigureExternalAuthenticationProperties(
                        found?.Scheme,
                        LinkCallback,
                        signInManager.UserManager.GetUserId(context.User)
                    );
                    properties.SetString(FailurePageItem, ManagePage);
                    return await ChallengeAsync(context, found, properties);
                }
            )
            .DisableAntiforgery()
            .RequireAuthorization()
            .RequireRateLimiting(AccountRateLimiting.PolicyName);

        return endpoints;
    }

    /// <summary>Where a failed trip lands: the page it started from, with the reason, and where to go after.</summary>
    public static string FailureUrl(AuthenticationProperties? properties, ExternalLoginFailure failure)
    {
        var page = properties?.GetString(FailurePageItem) == ManagePage ? ManagePage : LoginPage;
        var query = new Dictionary<string, string?> { ["ExternalError"] = failure.ToString().ToLowerInvariant() };
        if (page == LoginPage && properties?.GetString(ReturnUrlItem) is { Length: > 0 } returnUrl)
        {
            query["ReturnUrl"] = returnUrl;
        }

        return QueryHelpers.AddQueryString(page, query);
    }

    /// <summary>The reason a page reads back from its query string; null for none or for anything unknown.</summary>
    public static ExternalLoginFailure? ParseFailure(string? value) =>
        Enum.TryParse<ExternalLoginFailure>(value, ignoreCase: true, out var failure) && Enum.IsDefined(failure)
            ? failure
            : null;

    /// <summary>A provider that cannot be reached: its metadata or token request failed on the network.</summary>
    public static bool IsUnreachable(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (
                e
                is HttpRequestException
                    or TimeoutException
                    or TaskCanceledException
                    or System.Net.Sockets.SocketException
            )
            {
                return true;
            }
        }

        return false;
    }

    public static void LogFailure(HttpContext context, string scheme, Exception? failure) =>
        LogExternalLoginFailed(
            context
                .RequestServices.GetRequiredService<ILoggerFactory>()
                .CreateLogger(typeof(ExternalLoginFlow).FullName!),
            scheme,
            failure?.GetType().Name ?? "",
            failure?.Message ?? ""
        );

    private static async Task<IResult> ChallengeAsync(
        HttpContext context,
        OidcProvider? provider,
        AuthenticationProperties properties
    )
    {
        if (
            provider is null
            || !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context)
        )
        {
            return Results.LocalRedirect(FailureUrl(properties, ExternalLoginFailure.Failed));
        }

        try
        {
            await context.ChallengeAsync(provider.Scheme, properties);
            return Results.Empty;
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
        {
            // The handler reads the provider's metadata before it can redirect; a provider that is down fails here.
            LogFailure(context, provider.Scheme, e);
            return Results.LocalRedirect(FailureUrl(properties, ExternalLoginFailure.Unavailable));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in through {Scheme} failed: {Kind}: {Reason}")]
    private static partial void LogExternalLoginFailed(ILogger logger, string scheme, string kind, string reason);
}
