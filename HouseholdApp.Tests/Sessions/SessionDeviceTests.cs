using HouseholdApp.Common;
using HouseholdApp.Components.Account.Pages.Manage;
using HouseholdApp.Features.Sessions;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Sessions;

/// <summary>The device names of the sessions list, from real user agents; what it does not know it does not
/// guess.</summary>
public sealed class SessionDeviceTests
{
    private static readonly ManageTexts Texts = new ServiceCollection()
        .AddLogging()
        .AddTexts()
        .BuildServiceProvider()
        .GetRequiredService<ManageTexts>();

    [Theory]
    [InlineData(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
        "Chrome on Linux"
    )]
    [InlineData(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
        "Edge on Windows"
    )]
    [InlineData(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "Firefox on Windows"
    )]
    [InlineData(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            + "Version/17.5 Safari/605.1.15",
        "Safari on macOS"
    )]
    [InlineData(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            + "Version/17.5 Mobile/15E148 Safari/604.1",
        "Safari on iOS"
    )]
    [InlineData(
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/126.0.0.0 Mobile Safari/537.36",
        "Chrome on Android"
    )]
    [InlineData(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0",
        "Opera on Linux"
    )]
    [InlineData(
        "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/126.0.0.0 Safari/537.36",
        "Chrome on ChromeOS"
    )]
    [InlineData(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36",
        "Chrome on Linux"
    )]
    [InlineData("curl/8.5.0", "Unknown device")]
    [InlineData(null, "Unknown device")]
    public void Browser_IsNamedByItsBrowserAndSystem(string? userAgent, string expected) =>
        SessionDevice.Describe(userAgent, SessionKind.Browser, Texts).ShouldBe(expected);

    [Theory]
    [InlineData(null, "API client")]
    [InlineData("curl/8.5.0", "API client")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on Linux")]
    public void ApiClient_IsAnApiClient_UnlessABrowserSignedIn(string? userAgent, string expected) =>
        SessionDevice.Describe(userAgent, SessionKind.Api, Texts).ShouldBe(expected);

    [Theory]
    [InlineData(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
        SessionKind.Browser,
        "Chrome unter Linux"
    )]
    [InlineData("curl/8.5.0", SessionKind.Browser, "Unbekanntes Gerät")]
    [InlineData("curl/8.5.0", SessionKind.Api, "API-Client")]
    public void InGerman_TheDeviceReadsGerman_AndProductNamesStay(string userAgent, SessionKind kind, string expected)
    {
        using var german = TextsInTests.Speaking("de");

        SessionDevice.Describe(userAgent, kind, Texts).ShouldBe(expected);
    }
}
