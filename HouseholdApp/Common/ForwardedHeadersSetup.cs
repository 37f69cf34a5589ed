using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace HouseholdApp.Common;

internal static class ForwardedHeadersSetup
{
    /// <summary>
    /// Honours X-Forwarded-For only from the proxies listed in ForwardedHeaders:KnownProxies. With none listed the
    /// middleware stays off: with empty lists it would trust every sender, letting anyone pick their own client IP.
    /// </summary>
    public static WebApplication UseConfiguredForwardedHeaders(this WebApplication app)
    {
        var proxies = app.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        var addresses = new List<IPAddress>();
        foreach (var proxy in proxies)
        {
            if (!IPAddress.TryParse(proxy, out var address))
            {
                throw new InvalidOperationException(
                    $"ForwardedHeaders:KnownProxies contains '{proxy}', which is not an IP address."
                );
            }

            addresses.Add(address);
        }

        if (addresses.Count == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = 1,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var address in addresses)
        {
            options.KnownProxies.Add(address);
            if (
                address.IsIPv4MappedToIPv6 is false
                && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            )
            {
                options.KnownProxies.Add(address.MapToIPv6());
            }
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
