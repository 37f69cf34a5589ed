using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>
/// Steps many browser tests start with, done the way a person does them. Data a test only needs to exist
/// (users with a password, households, members, invites) comes from <see cref="TestData"/> instead, which is faster.
/// </summary>
public static class BrowserFlows
{
    /// <summary>
    /// Opens <paramref name="url"/> as <see cref="IPage.GotoAsync"/> does. Chromium aborts what is in flight with
    /// net::ERR_NETWORK_CHANGED when the machine's network interfaces change, as they do while the compose tests'
    /// containers start and stop beside the browser tests. It then shows its error page or makes the navigation again
    /// by itself, and Playwright reports either as this navigation being interrupted by another. Such a navigation (a
    /// GET) is made again, at most three times.
    /// </summary>
    public static async Task<IResponse?> OpenAsync(this IPage page, string url, PageGotoOptions? options = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await page.GotoAsync(url, options);
            }
            catch (PlaywrightException e) when (attempt < 4 && IsNetworkChange(e.Message))
            {
                // The navigation that interrupted this one finishes first, so that it cannot interrupt the next.
                await page.WaitForLoadStateAsync();
            }
        }
    }

    /// <summary>
    /// Opens <paramref name="url"/> and waits until <paramref name="ready"/>, the page's mark of a started circuit, is
    /// visible. A network change (see <see cref="OpenAsync"/>) also aborts the page's scripts or the circuit's
    /// negotiation, and such a page never starts its circuit: it is opened again, at most three times.
    /// </summary>
    public static async Task OpenInteractiveAsync(this IPage page, string url, ILocator ready)
    {
        var networkChanged = false;
        void OnRequestFailed(object? sender, IRequest request) =>
            networkChanged |= request.Failure == "net::ERR_NETWORK_CHANGED";
        page.RequestFailed += OnRequestFailed;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                networkChanged = false;
                await page.OpenAsync(url);
                var mayRetry = attempt < 4;
                var visible = false;
                await Eventually.UntilAsync(
                    async () => (visible = await ready.IsVisibleAsync()) || (mayRetry && networkChanged),
                    $"{url} interactive"
                );
                if (visible)
                {
                    return;
                }
            }
        }
        finally
        {
            page.RequestFailed -= OnRequestFailed;
        }
    }

    private static bool IsNetworkChange(string message) =>
        message.Contains("net::ERR_NETWORK_CHANGED", StringComparison.Ordinal)
        || message.Contains("is interrupted by another navigation to", StringComparison.Ordinal);

    /// <summary>Creates an account on the registration page; the app then shows the person's households.</summary>
    public static async Task<string> RegisterAsync(IPage page, string who = "user")
    {
        var email = TestData.UniqueEmail(who);
        if (!page.Url.Contains("/Account/Register", StringComparison.Ordinal))
        {
            await page.OpenAsync("/Account/Register");
        }

        // By the fields' ids, so the flow works in every language.
        await page.Locator("#register-email").FillAsync(email);
        await page.Locator("#register-password").FillAsync(TestData.DefaultPassword);
        await page.Locator("#register-confirm").FillAsync(TestData.DefaultPassword);
        await page.Locator("[data-test=register-submit]").ClickAsync();
        await WaitForAddressAsync(
            page,
            "**/households",
            "the households page after registering",
            page.Locator("#register-email")
        );
        return email;
    }

    /// <summary>Creates a household from the households page and waits for its own page.</summary>
    public static async Task CreateHouseholdAsync(IPage page, string name)
    {
        // The households page's own field, once its circuit is up: right after registering, the page before it (whose
        // "Your name" field a loose label match would also find) may still be on screen.
        await Assertions
            .Expect(page.Locator("[data-test=households-page]"))
            .ToHaveAttributeAsync("data-interactive", "true");
        var field = page.Locator("input[data-test=household-name]");
        await field.FillAsync(name);
        await page.Locator("[data-test=create-household]").ClickAsync();
        await WaitForAddressAsync(page, "**/households/*", "the new household's page", field);
    }

    /// <summary>What a person would see where a flow got stuck: the address, the field's value and any message, and a
    /// screenshot.</summary>
    private static async Task<string> DescribeAsync(IPage page, ILocator? field)
    {
        var quick = new LocatorInputValueOptions { Timeout = 2000 };
        static async Task<string> Safe(Func<Task<string>> read)
        {
            try
            {
                return await read();
            }
            catch (PlaywrightException ex)
            {
                return $"({ex.GetType().Name})";
            }
            catch (TimeoutException)
            {
                return "(not found)";
            }
        }

        var value = field is null ? "(none)" : await Safe(() => field.InputValueAsync(quick));
        var messages = await Safe(async () =>
            string.Join(" | ", await page.Locator(".mud-input-error, .mud-alert, [role=alert]").AllInnerTextsAsync())
        );
        var shot = await Safe(() => Browser.SaveScreenshotAsync(page, "stuck-" + Guid.NewGuid().ToString("N")[..8]));
        var title = await Safe(page.TitleAsync);
        return $"still at {page.Url} (\"{title}\"); field value \"{value}\"; messages: {messages}; screenshot {shot}";
    }

    /// <summary>
    /// Signs in through the login form as a user with <see cref="TestData.DefaultPassword"/> (e.g. from
    /// <see cref="TestData.CreateUserAsync"/> <c>withPassword</c>) and waits until the app has sent the browser on to
    /// <paramref name="returnPath"/>.
    /// </summary>
    public static async Task SignInAsync(IPage page, string email, string returnPath)
    {
        await page.OpenAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnPath)}");
        await page.Locator("[data-test=login-email]").FillAsync(email);
        await page.Locator("[data-test=login-password]").FillAsync(TestData.DefaultPassword);
        await page.Locator("[data-test=login-submit]").ClickAsync();
        await WaitForAddressAsync(
            page,
            "**" + returnPath,
            "the page after signing in",
            page.Locator("[data-test=login-email]")
        );
    }

    /// <summary>
    /// Waits for the address as below, for a test's own step, and then the page's load (at once when the address
    /// changed within the page): what Playwright's <c>WaitForURLAsync</c> waited for, without missing in-page
    /// navigations.
    /// </summary>
    public static async Task WaitForAddressAsync(IPage page, string address, float? timeoutMs = null)
    {
        await WaitForAddressAsync(page, address, "the next page", null, timeoutMs);
        await WaitForLoadAsync(page, timeoutMs);
    }

    /// <summary>
    /// Waits until the document the page shows has loaded (<c>document.readyState</c> is <c>complete</c>), polled in
    /// the page itself (and again in a document that replaces it). Playwright's own load-state wait follows its
    /// navigation events: once, right after registering, it waited out its 30 s for a load event although the network
    /// had gone idle.
    /// </summary>
    public static Task WaitForLoadAsync(IPage page, float? timeoutMs = null) =>
        page.WaitForFunctionAsync(
            "() => document.readyState === 'complete'",
            null,
            new() { Timeout = timeoutMs, PollingInterval = 50 }
        );

    /// <summary>
    /// Waits until the page's address matches <paramref name="address"/> (a glob: <c>*</c> within a path segment,
    /// <c>**</c> across them) by polling the address itself. Waiting for a navigation event instead missed some of
    /// Blazor's in-page navigations (an interactive NavigateTo): the address had changed and the wait still timed
    /// out. When it never comes, the failure says what the page showed instead.
    /// </summary>
    private static async Task WaitForAddressAsync(
        IPage page,
        string address,
        string what,
        ILocator? field,
        float? timeoutMs = null
    )
    {
        try
        {
            await Assertions.Expect(page).ToHaveURLAsync(Glob(address), new() { Timeout = timeoutMs });
        }
        catch (Exception failure) when (failure is PlaywrightException or TimeoutException)
        {
            throw new TimeoutException(
                $"Never reached {what} ({address}): {await DescribeAsync(page, field)}",
                failure
            );
        }
    }

    private static Regex Glob(string glob) =>
        new(
            "^"
                + Regex
                    .Escape(glob)
                    .Replace(@"\*\*", ".*", StringComparison.Ordinal)
                    .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
                + "$"
        );
}
