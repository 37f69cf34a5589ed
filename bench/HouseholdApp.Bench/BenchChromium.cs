using HouseholdApp.Tests.Infrastructure;
using Microsoft.Playwright;

namespace HouseholdApp.Bench;

/// <summary>
/// The full Chromium a phone runs (Debian's <c>chromium</c>, or <c>HOUSEHOLDAPP_CHROMIUM</c>), launched as the tests
/// launch theirs (<see cref="ChromiumLaunch"/>).
/// </summary>
internal static class BenchChromium
{
    public static string Path =>
        Environment.GetEnvironmentVariable("HOUSEHOLDAPP_CHROMIUM") is { Length: > 0 } path
            ? path
            : "/usr/bin/chromium";

    /// <summary>Whether Chromium is there; when not, says which rows are skipped.</summary>
    public static bool IsInstalled(string rows)
    {
        if (File.Exists(Path))
        {
            return true;
        }

        Console.WriteLine($"(no Chromium at {Path}: {rows}; install chromium or set HOUSEHOLDAPP_CHROMIUM)");
        return false;
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(ChromiumLaunch.Options(Path));
}
