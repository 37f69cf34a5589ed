using System.Collections.Concurrent;

[assembly: AssemblyFixture(typeof(HouseholdApp.Tests.Infrastructure.TestEnvironment))]

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>
/// What the whole test run shares: one PostgreSQL server, one application instance on it, the apps that only differ
/// by their settings, and one SMTP server. Tests make their own users and households, so they run in parallel and
/// in any order. A test that needs an app of its own (a fake clock, a fresh rate-limit budget, an interceptor)
/// starts a <see cref="TestApp"/> on a fresh database of <see cref="Postgres"/>.
/// </summary>
public sealed class TestEnvironment : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TestApp>>> sharedApps = new();
    private readonly Lazy<Task<SmtpServer>> mail = new(() => SmtpServer.StartAsync());

    public PostgresServer Postgres { get; } = new();

    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        TestRunLeftovers.PrepareEnvironment();
        await Postgres.InitializeAsync();
        App = await TestApp.StartAsync(Postgres, prefix: "shared");
    }

    /// <summary>
    /// The run's app with these settings, started on first use and shared by every test asking for the same settings
    /// (an app start costs a database, a host and its warm-up). Only for settings no test changes at run time.
    /// </summary>
    public Task<TestApp> AppWithAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var key = string.Join(
            "\n",
            settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}")
        );
        return sharedApps
            .GetOrAdd(key, _ => new Lazy<Task<TestApp>>(() => TestApp.StartAsync(Postgres, settings, "variant")))
            .Value;
    }

    /// <summary>The run's SMTP server, started on first use; tests tell their mail apart by unique addresses.</summary>
    public Task<SmtpServer> MailServerAsync() => mail.Value;

    /// <summary>The run's app sending mail through <see cref="MailServerAsync"/>.</summary>
    public async Task<TestApp> MailAppAsync(bool requireConfirmedAccount = false)
    {
        var settings = (await MailServerAsync()).AppSettings();
        settings["Identity:RequireConfirmedAccount"] = requireConfirmedAccount ? "true" : "false";
        return await AppWithAsync(settings);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in sharedApps.Values.Where(a => a.IsValueCreated))
        {
            try
            {
                await (await app.Value).DisposeAsync();
            }
            catch (Exception) when (!app.Value.IsCompletedSuccessfully)
            {
                // It never started; its test already failed with the reason.
            }
        }

        if (mail.IsValueCreated && mail.Value.IsCompletedSuccessfully)
        {
            await (await mail.Value).DisposeAsync();
        }

        if (App is not null)
        {
            await App.DisposeAsync();
        }

        await Postgres.DisposeAsync();
    }
}
