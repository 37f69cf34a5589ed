using HouseholdApp.Tests.Infrastructure;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Passkeys;

/// <summary>
/// A browser context on http://localhost (a secure context whose host can be a relying-party id, which 127.0.0.1
/// cannot) with Chromium's virtual authenticator: a platform authenticator that holds discoverable passkeys and
/// verifies the user at once, through the DevTools protocol's WebAuthn domain.
/// </summary>
public static class VirtualAuthenticator
{
    public static async Task<(IBrowserContext Context, IPage Page)> OpenAsync(TestApp app)
    {
        var localhost = new UriBuilder(app.BaseAddress) { Host = "localhost" }.Uri;
        var context = await Infrastructure.Browser.NewContextAsync(
            app,
            new BrowserNewContextOptions { BaseURL = localhost.ToString() }
        );
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync(
            "WebAuthn.addVirtualAuthenticator",
            new Dictionary<string, object>
            {
                ["options"] = new Dictionary<string, object>
                {
                    ["protocol"] = "ctap2",
                    ["transport"] = "internal",
                    ["hasResidentKey"] = true,
                    ["hasUserVerification"] = true,
                    ["isUserVerified"] = true,
                    ["automaticPresenceSimulation"] = true,
                },
            }
        );
        return (context, page);
    }
}
