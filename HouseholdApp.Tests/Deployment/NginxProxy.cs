using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Deployment;

/// <summary>
/// Debian's nginx in front of app instances, running the repository's deploy/nginx/householdapp.conf with only
/// its addresses, ports and certificate paths rewritten: on 127.0.0.1 only, on free ports, under its own temporary
/// prefix with a self-signed certificate for localhost. Always stopped on dispose; a run that was killed leaves a
/// prefix whose nginx the next run stops and removes.
/// </summary>
public sealed partial class NginxProxy : IAsyncDisposable
{
    private const string PrefixPattern = "householdapp-nginx-";

    private readonly Process process;
    private readonly string prefix;

    private NginxProxy(Process process, string prefix, int httpsPort, int httpPort)
    {
        this.process = process;
        this.prefix = prefix;
        HttpsPort = httpsPort;
        HttpPort = httpPort;
    }

    public static string NginxPath => File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

    public int HttpsPort { get; }

    public int HttpPort { get; }

    /// <summary>The public address: https on localhost (a name, so the certificate and cookies fit).</summary>
    public Uri BaseAddress => new($"https://localhost:{HttpsPort}/");

    public static string SiteConfigPath => Path.Combine(Paths.RepositoryRoot, "deploy", "nginx", "householdapp.conf");

    public static async Task<NginxProxy> StartAsync(IReadOnlyList<Uri> instances, int? httpsPort = null)
    {
        StopLeftovers();
        var prefix = Path.Combine(Path.GetTempPath(), PrefixPattern + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(prefix);
        foreach (var temp in new[] { "client", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            var dir = Directory.CreateDirectory(Path.Combine(prefix, temp));
            // Workers may run as an unprivileged user.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(dir.FullName, (UnixFileMode)0b111_111_111);
            }
        }

        WriteCertificate(prefix);
        var https = httpsPort ?? LoopbackPorts.Free();
        var http = LoopbackPorts.Free();
        var site = DeriveSite(await File.ReadAllTextAsync(SiteConfigPath), instances, https, http, prefix);
        await File.WriteAllTextAsync(
            Path.Combine(prefix, "nginx.conf"),
            $$"""
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 2048; }
            http {
                access_log off;
                client_body_temp_path {{prefix}}/client;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
            {{site}}
            }
            """
        );

        var info = new ProcessStartInfo(NginxPath)
        {
            ArgumentList = { "-p", prefix, "-c", Path.Combine(prefix, "nginx.conf"), "-g", "daemon off;" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("nginx did not start");
        var proxy = new NginxProxy(process, prefix, https, http);
        try
        {
            await Eventually.UntilAsync(
                () => process.HasExited ? throw new InvalidOperationException("nginx ended") : IsListeningAsync(https),
                "nginx listens"
            );
        }
        catch (Exception failure) when (failure is InvalidOperationException or TimeoutException)
        {
            var log = File.Exists(Path.Combine(prefix, "error.log"))
                ? await File.ReadAllTextAsync(Path.Combine(prefix, "error.log"))
                : "";
            var stderr = process.HasExited ? await process.StandardError.ReadToEndAsync() : "";
            await proxy.DisposeAsync();
            throw new InvalidOperationException($"nginx did not come up: {stderr} {log}", failure);
        }

        return proxy;
    }

    /// <summary>The deploy file with this run's addresses: listeners on 127.0.0.1, the instances as the upstream, our
    /// certificate.</summary>
    public static string DeriveSite(
        string site,
        IReadOnlyList<Uri> instances,
        int httpsPort,
        int httpPort,
        string prefix
    )
    {
        site = string.Join("\n", site.Split('\n').Where(line => !line.TrimStart().StartsWith('#')));
        var upstream = string.Join("\n", instances.Select(i => $"    server 127.0.0.1:{i.Port};"));
        site = UpstreamServers().Replace(site, "\n" + upstream + "\n", 1);
        site = site.Replace("listen [::]:80;", "", StringComparison.Ordinal)
            .Replace("listen [::]:443 ssl http2;", "", StringComparison.Ordinal)
            .Replace("listen 80;", $"listen 127.0.0.1:{httpPort};", StringComparison.Ordinal)
            .Replace("listen 443 ssl http2;", $"listen 127.0.0.1:{httpsPort} ssl http2;", StringComparison.Ordinal)
            .Replace("https://$host$request_uri", $"https://$host:{httpsPort}$request_uri", StringComparison.Ordinal)
            .Replace("home.example.org;", "localhost;", StringComparison.Ordinal);
        site = CertificateLine().Replace(site, $"ssl_certificate     {prefix}/cert.pem;");
        site = CertificateKeyLine().Replace(site, $"ssl_certificate_key {prefix}/key.pem;");
        if (site.Contains("example.org", StringComparison.Ordinal) || site.Contains("[::]", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                "The deploy file changed shape; teach NginxProxy.DeriveSite the new lines."
            );
        }

        return site;
    }

    public async ValueTask DisposeAsync()
    {
        await process.StopAsync();
        TryDelete(prefix);
    }

    /// <summary>A certificate for localhost that this run's clients accept (and no other certificate).</summary>
    public static bool IsOurCertificate(X509Certificate2? certificate) =>
        certificate?.Subject == "CN=localhost" && certificate.Issuer == certificate.Subject;

    private static void WriteCertificate(string prefix)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(
            DateTimeOffset.UtcNow.AddDays(-1),
            DateTimeOffset.UtcNow.AddDays(7)
        );
        File.WriteAllText(Path.Combine(prefix, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(prefix, "key.pem"), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Stops the nginx of a run that was killed before it could, and removes its prefix.</summary>
    private static void StopLeftovers()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), PrefixPattern + "*"))
        {
            var pidFile = Path.Combine(dir, "nginx.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                try
                {
                    var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
                    if (cmdline.Contains(dir, StringComparison.Ordinal))
                    {
                        using var leftover = Process.GetProcessById(pid);
                        leftover.Kill(entireProcessTree: true);
                        leftover.WaitForExit(5000);
                    }
                }
                catch (Exception ex)
                    when (ex
                            is IOException
                                or ArgumentException
                                or InvalidOperationException
                                or UnauthorizedAccessException
                    )
                {
                    // Gone already.
                }
            }

            // Only prefixes older than a few minutes: a concurrent run's fresh prefix has no pid file yet.
            if (File.Exists(pidFile) || Directory.GetCreationTimeUtc(dir) < DateTime.UtcNow.AddMinutes(-10))
            {
                if (!File.Exists(pidFile) || !IsAlive(pidFile))
                {
                    TryDelete(dir);
                }
            }
        }
    }

    private static bool IsAlive(string pidFile) =>
        int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && Directory.Exists($"/proc/{pid}");

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"(\n\s*server 127\.0\.0\.1:\d+;)+\n")]
    private static partial Regex UpstreamServers();

    [GeneratedRegex(@"ssl_certificate\s+[^;]+;")]
    private static partial Regex CertificateLine();

    [GeneratedRegex(@"ssl_certificate_key\s+[^;]+;")]
    private static partial Regex CertificateKeyLine();
}
