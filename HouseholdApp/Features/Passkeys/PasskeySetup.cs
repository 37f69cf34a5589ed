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
        services.AddOptions<IdentityPasskeyOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            var configured = configuration[PublicUrl.Setting];
            // An IP address cannot be a relying-party id, so such a setting leaves the choice to the request (where passkeys fail).
            if (!string.IsNullOrWhiteSpace(configured) && Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var uri) && uri.HostNameType == UriHostNameType.Dns)
            {
                options.ServerDomain = uri.Host;
            }

            options.AuthenticatorTimeout = TimeSpan.FromMinutes(3);
        });
        return services;
    }
}
