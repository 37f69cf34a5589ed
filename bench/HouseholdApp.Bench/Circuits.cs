using System.Security.Claims;
using HouseholdApp.Data;
using HouseholdApp.Features.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace HouseholdApp.Bench;

/// <summary>
/// Memory per interactive circuit: one signed-in person opens the households page (an interactive page, one circuit
/// each) in N tabs of Debian's Chromium; the app process's RSS and its managed heap after a full collection are read
/// before the first and after the last circuit is up. The browser is another process and counts for nothing here.
/// </summary>
internal static class Circuits
{
    /// <summary>The RSS per circuit in kB, or null when there is no Chromium.</summary>
    public static async Task<double?> MeasureAsync(BenchApp app, int count)
    {
        var chromium = Environment.GetEnvironmentVariable("HOUSEHOLDAPP_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            Console.WriteLine($"(no Chromium at {chromium}: memory per circuit not measured; install chromium or set HOUSEHOLDAPP_CHROMIUM)");
            return null;
        }

        var cookie = await SignInCookieAsync(app);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.ClientOptions.BaseAddress.ToString() });
        await context.AddCookiesAsync([new Cookie { Name = cookie.Name, Value = cookie.Value, Url = app.ClientOptions.BaseAddress.ToString() }]);

        // One circuit first, closed again: the code paths are loaded and compiled before the first reading.
        var warm = await OpenAsync(context);
        await warm.CloseAsync();

        var before = Snapshot();
        var pages = new List<IPage>(count);
        for (var i = 0; i < count; i++)
        {
            pages.Add(await OpenAsync(context));
        }

        var after = Snapshot();
        Console.WriteLine($"memory per interactive circuit ({count} circuits of the households page): " +
            $"RSS {(after.Rss - before.Rss) / 1024.0 / count:0} kB, managed heap {(after.Managed - before.Managed) / 1024.0 / count:0} kB " +
            $"(process RSS {before.Rss / 1048576.0:0} → {after.Rss / 1048576.0:0} MB)");
        foreach (var page in pages)
        {
            await page.CloseAsync();
        }

        return (after.Rss - before.Rss) / 1024.0 / count;
    }

    private static async Task<IPage> OpenAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/households");
        await page.Locator("[data-test=households-page][data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        return page;
    }

    /// <summary>A person's sign-in cookie, made with the app's own cookie protector (no password hash to
    /// pay).</summary>
    private static async Task<(string Name, string Value)> SignInCookieAsync(BenchApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"circuits-{Guid.NewGuid():N}@bench.example";
        var user = new ApplicationUser { UserName = email, Email = email, DisplayName = "Bench", EmailConfirmed = true };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        ClaimsPrincipal principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);
        // A cookie counts only with its server-side session, as one from the sign-in form does.
        var sessionId = await app.Services.GetRequiredService<UserSessions>().StartAsync(user, user.SecurityStamp!, SessionKind.Browser, "bench");
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(UserSessions.ClaimType, sessionId));
        var options = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties(), IdentityConstants.ApplicationScheme);
        return (options.Cookie.Name!, options.TicketDataFormat.Protect(ticket));
    }

    private static (long Rss, long Managed) Snapshot()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        var rssLine = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var rss = long.Parse(rssLine["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return (rss, managed);
    }
}
