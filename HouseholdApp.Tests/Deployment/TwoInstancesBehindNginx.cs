using System.Net;
using HouseholdApp.Features.Households;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HouseholdApp.Tests.Deployment;

/// <summary>
/// Two app instances (A and B) on one database behind Debian's nginx, as a bigger operator runs them: default pool
/// settings, the app signed in as its own non-superuser role, nginx with HTTPS and sticky sessions in front.
/// The role may hold at most 97 connections: what a non-superuser gets from a server with the default
/// max_connections of 100 (3 are reserved for superusers), made on the shared test server.
/// </summary>
public sealed class TwoInstancesBehindNginx(TestEnvironment env) : IAsyncLifetime
{
    public const int RoleConnectionLimit = 97;

    public TestApp A { get; private set; } = null!;

    public TestApp B { get; private set; } = null!;

    public NginxProxy Nginx { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public string RoleName { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        (ConnectionString, RoleName) = await CreateRoleAndDatabaseAsync(env.Postgres, "nginx", RoleConnectionLimit);
        var httpsPort = LoopbackPorts.Reserved();
        var settings = new Dictionary<string, string?>
        {
            ["App:PublicUrl"] = $"https://localhost:{httpsPort}",
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        };
        A = new TestApp(ConnectionString, settings, InstanceTag.Services("a"));
        A.StartServer();
        B = new TestApp(ConnectionString, settings, InstanceTag.Services("b"));
        B.StartServer();
        Nginx = await NginxProxy.StartAsync([A.BaseAddress, B.BaseAddress], httpsPort);
        await WaitUntilListeningAsync(A);
        await WaitUntilListeningAsync(B);
    }

    /// <summary>A client of the proxy (HTTPS with this run's certificate); with <paramref name="node"/>, pinned to one
    /// instance's sticky cookie.</summary>
    public HttpClient CreateProxyClient(CookieContainer? cookies = null, string? node = null)
    {
        cookies ??= new CookieContainer();
        if (node is not null)
        {
            cookies.Add(Nginx.BaseAddress, new Cookie("householdapp_node", node));
        }

        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = cookies,
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    NginxProxy.IsOurCertificate(
                        certificate as System.Security.Cryptography.X509Certificates.X509Certificate2
                    ),
            },
        };
        return new HttpClient(handler) { BaseAddress = Nginx.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>A sticky-cookie value that nginx routes to the named instance (found by asking).</summary>
    public async Task<string> NodeForAsync(string instance)
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var node = Guid.NewGuid().ToString("N");
            using var client = CreateProxyClient(node: node);
            using var response = await client.GetAsync("/health/live");
            if (
                response.Headers.TryGetValues(InstanceTag.InstanceHeader, out var values)
                && values.Single() == instance
            )
            {
                return node;
            }
        }

        throw new InvalidOperationException($"nginx never routed to instance {instance}");
    }

    /// <summary>A role of its own (not a superuser, with a password and a connection limit) owning a fresh
    /// database.</summary>
    public static async Task<(string ConnectionString, string Role)> CreateRoleAndDatabaseAsync(
        PostgresServer server,
        string prefix,
        int connectionLimit
    )
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var role = $"{prefix}_role_{suffix}";
        var database = $"{prefix}_db_{suffix}";
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
        {
            await admin.OpenAsync();
            foreach (
                var sql in new[]
                {
                    $"CREATE ROLE \"{role}\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                        + $"CONNECTION LIMIT {connectionLimit} PASSWORD '{password}'",
                    $"CREATE DATABASE \"{database}\" OWNER \"{role}\"",
                }
            )
            {
                await using var command = new NpgsqlCommand(sql, admin);
                await command.ExecuteNonQueryAsync();
            }
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString)
        {
            Username = role,
            Password = password,
            Database = database,
            Pooling = true,
        };
        connectionString.Remove("Maximum Pool Size");
        return (connectionString.ConnectionString, role);
    }

    private static Task WaitUntilListeningAsync(TestApp app)
    {
        var events = app.Services.GetRequiredService<HouseholdEvents>();
        return Eventually.UntilAsync(
            () => events.IsListening,
            "the instance listens for other instances' changes",
            Eventually.Timeout * 2
        );
    }

    public async ValueTask DisposeAsync()
    {
        if (Nginx is not null)
        {
            await Nginx.DisposeAsync();
        }

        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (B is not null)
        {
            await B.DisposeAsync();
        }
    }
}
