using HouseholdApp.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>
/// The real application on Kestrel at a loopback port, against its own fresh PostgreSQL database.
/// Browsers and HTTP clients talk to it over real sockets.
/// </summary>
public class TestApp : WebApplicationFactory<Program>
{
    private readonly string connectionString;
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? configureServices;

    /// <param name="configureServices">Test-only replacements (a fake clock, interceptors, log capture), applied after
    /// the app's own services.</param>
    public TestApp(
        string connectionString,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null
    )
    {
        this.connectionString = connectionString;
        this.settings = settings ?? new Dictionary<string, string?>();
        this.configureServices = configureServices;
        UseKestrel(0);
    }

    public string ConnectionString => connectionString;

    /// <summary>Everything the app logged, so a failure can show the app's side (an unexpected 500's
    /// exception).</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>The app's latest errors, for a failure message.</summary>
    public string RecentErrors() =>
        string.Join(
            "\n",
            Logs.Entries.Where(e =>
                    e.StartsWith("Error ", StringComparison.Ordinal)
                    || e.StartsWith("Critical ", StringComparison.Ordinal)
                )
                .TakeLast(3)
        )
            is { Length: > 0 } errors
            ? errors
            : "(the app logged no error)";

    public Uri BaseAddress => ClientOptions.BaseAddress;

    /// <summary>Starts an app on a fresh database of <paramref name="server"/>.</summary>
    public static async Task<TestApp> StartAsync(
        PostgresServer server,
        IReadOnlyDictionary<string, string?>? settings = null,
        string prefix = "app",
        Action<IServiceCollection>? configureServices = null
    )
    {
        var app = new TestApp(await server.CreateDatabaseAsync(prefix), settings, configureServices);
        app.StartServer();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", connectionString);
        // Tests share one client address; generous limits here, the rate-limit tests start their own app.
        builder.UseSetting("RateLimiting:InviteLookup:PermitLimit", "100000");
        builder.UseSetting("RateLimiting:InviteRedeem:PermitLimit", "100000");
        builder.UseSetting("RateLimiting:Accounts:PermitLimit", "100000");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs)
        );
        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }

    /// <summary>A plain client on the real socket; no cookies kept, redirects not followed.</summary>
    public HttpClient CreateHttpClient(bool withCookies = false)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = withCookies,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    public AppDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
}
