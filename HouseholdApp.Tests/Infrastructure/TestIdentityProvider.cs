using System.Buffers.Text;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>
/// A real OpenID Connect provider for the sign-in tests: OpenIddict's server on Kestrel at a loopback port,
/// authorization code with PKCE, in degraded mode (no storage; its own handlers check the client). Its "login step"
/// signs in whoever the browser's cookie names (<see cref="SignInAsAsync"/>), or says no, or answers with a wrong
/// state, when the cookie asks it to; its token endpoint can drop every connection (<see cref="TokenEndpointDown"/>).
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "householdapp-tests";
    public const string ClientSecret = "a-secret-for-tests-only";
    private const string PersonCookie = "test-idp-person";

    private readonly WebApplication host;
    private readonly Switches switches;

    private TestIdentityProvider(WebApplication host, Uri authority, Switches switches)
    {
        this.host = host;
        this.switches = switches;
        Authority = authority;
    }

    /// <summary>
    /// While true, the token endpoint drops every connection: the provider fails after the person signed in.
    /// </summary>
    public bool TokenEndpointDown
    {
        get => switches.TokenEndpointDown;
        set => switches.TokenEndpointDown = value;
    }

    /// <summary>The issuer address (ending in a slash): what the app's Authority setting names.</summary>
    public Uri Authority { get; }

    /// <summary>The origin the sign-in form's redirect goes to.</summary>
    public string Origin => Authority.GetLeftPart(UriPartial.Authority);

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var switches = new Switches();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder
            .Services.AddOpenIddict()
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
                o.EnableDegradedMode();
                o.UseAspNetCore().DisableTransportSecurityRequirement();
                o.AddEventHandler<ValidateAuthorizationRequestContext>(h =>
                    h.UseInlineHandler(context =>
                    {
                        // Only this client, and only back to a callback on this machine.
                        if (
                            context.ClientId != ClientId
                            || !Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var redirect)
                            || !redirect.IsLoopback
                            || !redirect.AbsolutePath.StartsWith("/signin-oidc-", StringComparison.Ordinal)
                        )
                        {
                            context.Reject(Errors.InvalidClient, "Unknown client or redirect URI.");
                        }

                        return default;
                    })
                );
                o.AddEventHandler<ValidateTokenRequestContext>(h =>
                    h.UseInlineHandler(context =>
                    {
                        if (switches.TokenEndpointDown)
                        {
                            context.Transaction.GetHttpRequest()?.HttpContext.Abort();
                            context.Reject(Errors.ServerError);
                        }
                        else if (context.ClientId != ClientId || context.Request.ClientSecret != ClientSecret)
                        {
                            context.Reject(Errors.InvalidClient, "Unknown client or wrong secret.");
                        }

                        return default;
                    })
                );
                o.AddEventHandler<HandleAuthorizationRequestContext>(h =>
                    h.UseInlineHandler(context =>
                    {
                        var cookie = context.Transaction.GetHttpRequest()?.Cookies[PersonCookie];
                        var person = QueryHelpers.ParseQuery(
                            cookie is null ? "" : Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cookie))
                        );
                        if (cookie is null || person.ContainsKey("deny"))
                        {
                            context.Reject(Errors.AccessDenied, "The person did not allow it.");
                            return default;
                        }

                        var identity = new ClaimsIdentity("test-idp", Claims.Name, Claims.Role);
                        identity
                            .SetClaim(Claims.Subject, person["sub"].ToString())
                            .SetClaim(Claims.Email, person["email"].ToString())
                            .SetClaim(Claims.Name, person.TryGetValue("name", out var name) ? name.ToString() : null);
                        identity.AddClaim(
                            new Claim(
                                Claims.EmailVerified,
                                person.ContainsKey("unverified") ? "false" : "true",
                                ClaimValueTypes.Boolean
                            )
                        );
                        identity.SetScopes(context.Request.GetScopes());
                        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
                        context.SignIn(new ClaimsPrincipal(identity));
                        return default;
                    })
                );
                o.AddEventHandler<ApplyAuthorizationResponseContext>(h =>
                    h.UseInlineHandler(context =>
                    {
                        // On request, a provider that answers with a state other than the one it was sent.
                        if (
                            context.Transaction.GetHttpRequest()?.Cookies[PersonCookie] is { } cookie
                            && QueryHelpers
                                .ParseQuery(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cookie)))
                                .ContainsKey("tamper")
                        )
                        {
                            context.Response.State = "x" + context.Response.State;
                        }

                        return default;
                    })
                );
            });

        var host = builder.Build();
        host.UseAuthentication();
        await host.StartAsync();
        var address = host
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        var authority = new Uri(address.TrimEnd('/') + "/");
        // OpenIddict's first answer takes seconds (its handlers, its keys): paid here, not inside the app's timeouts.
        using var client = new HttpClient();
        await client.GetStringAsync(new Uri(authority, ".well-known/openid-configuration"));
        return new TestIdentityProvider(host, authority, switches);
    }

    /// <summary>The app's settings for this provider under <paramref name="key"/>.</summary>
    public Dictionary<string, string?> SettingsFor(string key, string displayName) =>
        Settings(key, Authority.ToString(), displayName);

    /// <summary>
    /// Settings of a provider under <paramref name="key"/> at <paramref name="authority"/> (one nobody runs, say).
    /// </summary>
    public static Dictionary<string, string?> Settings(string key, string authority, string displayName) =>
        new()
        {
            [$"Authentication:Oidc:{key}:Authority"] = authority,
            [$"Authentication:Oidc:{key}:ClientId"] = ClientId,
            [$"Authentication:Oidc:{key}:ClientSecret"] = ClientSecret,
            [$"Authentication:Oidc:{key}:DisplayName"] = displayName,
        };

    /// <summary>Whom this browser signs in as at the provider (subject and e-mail), or that it says no there.</summary>
    public Task SignInAsAsync(
        IBrowserContext browser,
        string email,
        string? subject = null,
        bool deny = false,
        bool unverified = false,
        bool tamperState = false
    )
    {
        var person = QueryHelpers.AddQueryString(
            "",
            new Dictionary<string, string?>
            {
                ["sub"] = subject ?? "sub-" + Guid.NewGuid().ToString("N"),
                ["email"] = email,
                ["name"] = email[..email.IndexOf('@')],
            }
        );
        person += (deny ? "&deny=1" : "") + (unverified ? "&unverified=1" : "") + (tamperState ? "&tamper=1" : "");
        var value = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(person.TrimStart('?')));
        return browser.AddCookiesAsync([
            new Microsoft.Playwright.Cookie
            {
                Name = PersonCookie,
                Value = value,
                Url = Origin,
            },
        ]);
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private sealed class Switches
    {
        public volatile bool TokenEndpointDown;
    }
}
