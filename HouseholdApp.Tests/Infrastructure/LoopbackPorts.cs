using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>Loopback ports for servers a test starts itself (smtp4dev, nginx).</summary>
public static class LoopbackPorts
{
    /// <summary>A port nobody listens on right now, for a server that starts listening on it at once.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A port for a server that starts only later (the app is configured with it first, or sends to it while it is
    /// down): taken below the kernel's ephemeral range, so neither <see cref="Free"/> in a parallel test nor the
    /// source port of an outgoing connection can claim it in the meantime.
    /// </summary>
    public static int Reserved()
    {
        var (ephemeralLow, _) = EphemeralRange();
        var low = 10000;
        var high = Math.Max(low + 1000, ephemeralLow);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(low, high);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException($"No free loopback port between {low} and {high}.");
    }

    internal static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return (
                int.Parse(parts[0], CultureInfo.InvariantCulture),
                int.Parse(parts[1], CultureInfo.InvariantCulture)
            );
        }
        catch (Exception ex)
            when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (32768, 60999);
        }
    }
}
