using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.ExternalLogins;

/// <summary>
/// The run's one test provider and the app configured with it ("Test ID", key <see cref="Key"/>) and with a second
/// provider nobody runs ("Offline ID", key <see cref="DownKey"/>): the provider that is down.
/// </summary>
internal static class OidcTestbed
{
    public const string Key = "Test";
    public const string DisplayName = "Test ID";
    public const string DownKey = "Down";
    public const string Scheme = "oidc-test";

    private static readonly Lazy<Task<TestIdentityProvider>> Provider = new(TestIdentityProvider.StartAsync);
    private static readonly int DownPort = LoopbackPorts.Reserved();

    public static string DownOrigin => $"http://127.0.0.1:{DownPort}";

    public static Task<TestIdentityProvider> ProviderAsync() => Provider.Value;

    public static async Task<TestApp> AppAsync(TestEnvironment env, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = (await ProviderAsync()).SettingsFor(Key, DisplayName);
        foreach (
            var (key, value) in TestIdentityProvider
                .Settings(DownKey, DownOrigin + "/", "Offline ID")
                .Concat(extra ?? new Dictionary<string, string?>())
        )
        {
            settings[key] = value;
        }

        return await env.AppWithAsync(settings);
    }

    /// <summary>
    /// A browser whose provider signs in as <see cref="Visitor.Email"/> (a fresh address unless given), and which
    /// records every answer of 500 or more (none may come, whatever the provider does).
    /// </summary>
    public static async Task<Visitor> VisitorAsync(
        TestApp app,
        string who,
        string? email = null,
        string? subject = null,
        bool deny = false,
        bool unverified = false,
        bool tamperState = false,
        TestIdentityProvider? provider = null
    )
    {
        var browser = await Infrastructure.Browser.NewContextAsync(app);
        var page = await browser.NewPageAsync();
        var visitor = new Visitor(browser, page, [], email ?? TestData.UniqueEmail(who));
        page.Response += (_, response) =>
        {
            if (response.Status >= 500)
            {
                visitor.ServerErrors.Add($"{response.Status} {response.Url}");
            }
        };
        await (provider ?? await ProviderAsync()).SignInAsAsync(
            browser,
            visitor.Email,
            subject,
            deny,
            unverified,
            tamperState
        );
        return visitor;
    }

    /// <summary>Clicks "Continue with …" for the provider with <paramref name="key"/> on the page shown.</summary>
    public static Task ContinueWithAsync(IPage page, string key = Key) =>
        page.Locator($"[data-test=external-login-{key.ToLowerInvariant()}]").ClickAsync();

    /// <summary>
    /// Waits for <paramref name="address"/>; when it never comes, the failure shows what the app logged of the trip.
    /// </summary>
    public static async Task WaitForAddressAsync(IPage page, TestApp app, string address)
    {
        try
        {
            await BrowserFlows.WaitForAddressAsync(page, address);
        }
        catch (TimeoutException e)
        {
            var trips = string.Join(
                "\n",
                app.Logs.Entries.Where(l => l.Contains("Sign-in through", StringComparison.Ordinal)).TakeLast(3)
            );
            throw new TimeoutException(
                $"{e.Message}\nThe app's last sign-in failures:\n{trips}\n{app.RecentErrors()}",
                e
            );
        }
    }

    /// <summary>The provider logins stored for the account with <paramref name="email"/>.</summary>
    public static async Task<List<string>> LoginsOfAsync(TestApp app, string email)
    {
        await using var db = app.CreateDbContext();
        var normalized = email.ToUpperInvariant();
        return await db
            .UserLogins.Where(l => db.Users.Any(u => u.Id == l.UserId && u.NormalizedEmail == normalized))
            .Select(l => l.LoginProvider)
            .ToListAsync(TestContext.Current.CancellationToken);
    }
}

/// <summary>A person in a browser of their own, with the address their provider signs them in as.</summary>
internal sealed record Visitor(IBrowserContext Browser, IPage Page, List<string> ServerErrors, string Email)
    : IAsyncDisposable
{
    public ValueTask DisposeAsync() => new(Browser.CloseAsync());
}
