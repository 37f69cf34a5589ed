using System.Net.Http.Headers;
using System.Net.Http.Json;
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

    /// <param name="configureServices">Test-only replacements (a fake clock, interceptors, log capture), applied after the app's own services.</param>
    public TestApp(string connectionString, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        this.connectionString = connectionString;
        this.settings = settings ?? new Dictionary<string, string?>();
        this.configureServices = configureServices;
        UseKestrel(0);
    }

    public string ConnectionString => connectionString;

    public Uri BaseAddress => ClientOptions.BaseAddress;

    /// <summary>Starts an app on a fresh database of <paramref name="server"/>.</summary>
    public static async Task<TestApp> StartAsync(
        PostgresServer server, IReadOnlyDictionary<string, string?>? settings = null, string prefix = "app", Action<IServiceCollection>? configureServices = null)
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

        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }

    /// <summary>A plain client on the real socket; no cookies kept, redirects not followed.</summary>
    public HttpClient CreateHttpClient(bool withCookies = false)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = withCookies, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    public AppDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    public static string UniqueEmail(string who = "user") => $"{who}-{Guid.NewGuid():N}@example.org";

    public const string DefaultPassword = "correct-horse-battery";

    /// <summary>Registers a user through the Identity API and returns a client carrying their bearer token.</summary>
    public async Task<ApiUser> CreateApiUserAsync(string who = "user")
    {
        var email = UniqueEmail(who);
        var client = CreateHttpClient();
        var register = await client.PostAsJsonAsync("/api/v1/account/register", new { email, password = DefaultPassword });
        register.EnsureSuccessStatusCode();
        var login = await client.PostAsJsonAsync("/api/v1/account/login", new { email, password = DefaultPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await using var db = CreateDbContext();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return new ApiUser(email, userId, client);
    }

    private sealed record TokenResponse(string AccessToken);
}

public sealed record ApiUser(string Email, string UserId, HttpClient Client);
