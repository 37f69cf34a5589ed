using HouseholdApp.Common;
using Microsoft.AspNetCore.Identity;

namespace HouseholdApp.Features.Passkeys;

internal static class PasskeySetup
{
    /// <summary>
    /// The relying party a passkey belongs to is App:PublicUrl's host when that is set, so passkeys keep working
    /// behind a proxy whatever Host header arrives; without it Identity uses the request's host. Browsers only offer
    /// passkeys in a secure context: HTTPS, or http://localhost.
    /// </summary>
    public static IServiceCollection AddPasskeys(this IServiceCollection services)
    {
        services
            .AddOptions<IdentityPasskeyOptions>()
            .Configure<IConfiguration>(
                (options, configuration) =>
                {
                    var configured = configuration[PublicUrl.Setting];
                    // An IP address cannot be a relying-party id, so such a setting leaves the choice to the request
                    // (where passkeys fail).
                    if (
                        !string.IsNullOrWhiteSpace(configured)
                        && Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var uri)
                        && uri.HostNameType == UriHostNameType.Dns
                    )
                    {
                        options.ServerDomain = uri.Host;
                    }

                    options.AuthenticatorTimeout = TimeSpan.FromMinutes(3);
                    // Identity's default compares the credential's origin with the post's Origin header, which browsers
                    // send as "null" under this app's Referrer-Policy: no-referrer. Compare with the app's own origin
                    // instead.
                    options.ValidateOrigin = context =>
                        ValueTask.FromResult(
                            !context.CrossOrigin
                                && string.Equals(
                                    context.Origin,
                                    ExpectedOrigin(context.HttpContext),
                                    StringComparison.Ordinal
                                )
                        );
                }
            );
        return services;
    }

    /// <summary>App:PublicUrl's origin when it names a host; otherwise the request's own (scheme and host, as forwarded
    /// headers from a known proxy report them).</summary>
    private static string ExpectedOrigin(HttpContext context) =>
        context.RequestServices.GetRequiredService<PublicUrl>().Configured
            is { HostNameType: UriHostNameType.Dns } configured
            ? configured.GetLeftPart(UriPartial.Authority)
            : $"{context.Request.Scheme}://{context.Request.Host}";
}
