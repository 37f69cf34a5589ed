using Microsoft.Playwright;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>
/// How the tests and the benchmark (whose project compiles this file too) start Chromium: headless, and without the
/// background traffic (updates, sync, QUIC) that would add requests, bytes and CPU to what they check or measure.
/// </summary>
internal static class ChromiumLaunch
{
    public static BrowserTypeLaunchOptions Options(string executablePath) =>
        new()
        {
            ExecutablePath = executablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        };
}
