using HouseholdApp.Common;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace HouseholdApp.Features.ExternalLogins;

internal static class ExternalLoginsSetup
{
    /// <summary>
    /// One OpenID Connect scheme per configured provider: authorization code with PKCE, the answer in the query
    /// string (a top-level GET, so the correlation cookies can be SameSite=Lax and work on plain http to localhost),
    /// signed in to Identity's external cookie until the callback page decides what the login is.
    /// </summary>
    public static IHostApplicationBuilder AddExternalLogins(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<OidcSettings>().BindSettings(OidcSettings.Section);
        services.AddSingleton<IValidateOptions<OidcSettings>, OidcKeyValidator>();

        var settings = OidcSettings.Read(builder.Configuration);
        var providers = new OidcProviders([
            .. settings
                .Where(s => OidcProvider.ParseAuthority(s.Value.Authority) is not null)
                .Select(s => new OidcProvider(
                    s.Key,
                    s.Value.DisplayName ?? s.Key,
                    OidcProvider.ParseAuthority(s.Value.Authority)!
                )),
        ]);
        services.AddSingleton(providers);
        services.AddScoped<ExternalSignIn>();

        var authentication = services.AddAuthentication();
        foreach (var provider in providers.All)
        {
            var configured = settings[provider.Key];
            authentication.AddOpenIdConnect(provider.Scheme, provider.DisplayName, o =>
                Configure(o, provider, configured)
            );
        }

        return builder;
    }

    private static void Configure(OpenIdConnectOptions o, OidcProvider provider, OidcProviderSettings settings)
    {
        o.Authority = provider.Authority.ToString();
        o.RequireHttpsMetadata = provider.Authority.Scheme == Uri.UriSchemeHttps;
        o.ClientId = settings.ClientId;
        o.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.UsePkce = true;
        o.SignInScheme = IdentityConstants.ExternalScheme;
        o.CallbackPath = provider.CallbackPath;
        o.GetClaimsFromUserInfoEndpoint = true;
        o.BackchannelTimeout = TimeSpan.FromSeconds(15);
        o.Scope.Clear();
        o.Scope.Add("openid");
        foreach (var scope in (settings.Scopes ?? "profile email").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            o.Scope.Add(scope);
        }

        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.Events.OnRedirectToIdentityProvider = context =>
        {
            // The address the provider sends people back to is built on App:PublicUrl, never on the Host header.
            if (
                context.HttpContext.RequestServices.GetRequiredService<PublicUrl>() is
                { Configured: not null } publicUrl
            )
            {
                context.ProtocolMessage.RedirectUri = publicUrl.Absolute(provider.CallbackPath);
            }

            return Task.CompletedTask;
        };
        o.Events.OnAccessDenied = context =>
        {
            context.Response.Redirect(ExternalLoginFlow.FailureUrl(context.Properties, ExternalLoginFailure.Denied));
            context.HandleResponse();
            return Task.CompletedTask;
        };
        // Anything else that goes wrong on the way back (a state or correlation that does not match, a provider that
        // answers an error or cannot be reached for the token) ends on a page that says so, never on an error page.
        o.Events.OnRemoteFailure = context =>
        {
            var failure = ExternalLoginFlow.IsUnreachable(context.Failure)
                ? ExternalLoginFailure.Unavailable
                : ExternalLoginFailure.Failed;
            ExternalLoginFlow.LogFailure(context.HttpContext, provider.Scheme, context.Failure);
            context.Response.Redirect(ExternalLoginFlow.FailureUrl(context.Properties, failure));
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    /// <summary>A provider's key names its scheme and callback path: letters, digits, '-' and '_' only.</summary>
    private sealed class OidcKeyValidator : IValidateOptions<OidcSettings>
    {
        public ValidateOptionsResult Validate(string? name, OidcSettings options)
        {
            var failures = options
                .Keys.Where(k => !OidcProvider.IsValidKey(k))
                .Select(k =>
                    $"{OidcSettings.Section}:{k} "
                    + $"(environment variable {Settings.EnvironmentVariable($"{OidcSettings.Section}:{k}")}) "
                    + "must be named with letters, digits, '-' and '_' only (at most 40), such as Authentik."
                )
                .ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
