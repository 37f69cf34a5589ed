using Microsoft.Playwright;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>Debian's Chromium driven by Playwright, launched once for the run; each test gets its own
/// context.</summary>
public static class Browser
{
    /// <summary>
    /// Debian's build of Chromium's headless shell (package chromium-headless-shell): the same Blink and V8 as the
    /// browser without its user interface, which Playwright also runs headless by default, for much less CPU than
    /// the full browser run headless (docs/testing.md, "Timings").
    /// </summary>
    public const string DefaultChromiumPath = "/usr/lib/chromium/chromium-headless-shell";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? playwright;
    private static IBrowser? browser;

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("HOUSEHOLDAPP_CHROMIUM") is { Length: > 0 } path
            ? path
            : DefaultChromiumPath;

    public static async Task<IBrowserContext> NewContextAsync(TestApp app, BrowserNewContextOptions? options = null)
    {
        var shared = await GetAsync();
        options ??= new BrowserNewContextOptions();
        options.BaseURL ??= app.BaseAddress.ToString();
        options.ViewportSize ??= new ViewportSize { Width = 1280, Height = 900 };
        var context = await shared.NewContextAsync(options);
        // Pages, clicks and live updates get as long as a loaded two-core CI machine needs.
        context.SetDefaultTimeout(Eventually.TimeoutMs);
        context.SetDefaultNavigationTimeout(Eventually.TimeoutMs);
        return context;
    }

    private static async Task<IBrowser> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (browser is { IsConnected: true })
            {
                return browser;
            }

            // Expect(…) assertions poll until they hold; their default of 5 s is too short under load.
            Assertions.SetDefaultExpectTimeout(Eventually.TimeoutMs);
            // The driver and the Chromium it starts inherit the run's owner marker, so a later run can end them if this
            // one is killed.
            TestRunLeftovers.PrepareEnvironment();
            playwright ??= await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(ChromiumLaunch.Options(ChromiumPath));
            return browser;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Whether the run keeps the pictures tests take of their pages
    /// (<c>HOUSEHOLDAPP_SCREENSHOTS=1</c>).</summary>
    public static bool ScreenshotsWanted =>
        Environment.GetEnvironmentVariable("HOUSEHOLDAPP_SCREENSHOTS") is "1" or "true";

    /// <summary>
    /// A full-page screenshot under TestResults/screenshots at the repository root, when the run asked for them (the
    /// documents' pictures come from here): each costs Chromium a full-page render and a PNG encode.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        if (ScreenshotsWanted)
        {
            await SaveScreenshotAsync(page, name, fullPage);
        }
    }

    /// <summary>A full-page screenshot, always (what a failing test saw); returns its path.</summary>
    public static async Task<string> SaveScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var path = Path.Combine(Paths.ScreenshotsDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }
}

public static class Paths
{
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HouseholdApp.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? AppContext.BaseDirectory;
        }
    }

    public static string ScreenshotsDirectory
    {
        get
        {
            var dir = Path.Combine(RepositoryRoot, "TestResults", "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }
}
