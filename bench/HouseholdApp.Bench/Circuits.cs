using System.Security.Claims;
using HouseholdApp.Data;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace HouseholdApp.Bench;

/// <summary>
/// Memory per interactive circuit: one signed-in owner opens their household's page (an interactive page, one circuit
/// each: two other members, two open links, the activity) in N tabs of Debian's Chromium, in five steps; the app
/// process's RSS and its managed heap are read after a full collection before the first step and after each. The
/// figure is the growth from the first step's reading to the last, per circuit: what one more open page costs. The
/// first step also pays the server collector's one-time growth of its committed memory once pages allocate, which does
/// not grow with the number of pages (its readings are printed too). The browser is another process and counts for
/// nothing here.
/// </summary>
internal static class Circuits
{
    private const int Steps = 5;

    /// <summary>The RSS per circuit in kB, or null when there is no Chromium.</summary>
    public static async Task<double?> MeasureAsync(BenchApp app, int count)
    {
        count = Math.Max(Steps, count / Steps * Steps);
        if (!BenchChromium.IsInstalled("memory per circuit not measured"))
        {
            return null;
        }

        var (owner, cookie) = await SignInCookieAsync(app);
        var householdPath = $"/households/{await OwnersHouseholdAsync(app, owner)}";
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BenchChromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(
            new BrowserNewContextOptions { BaseURL = app.ClientOptions.BaseAddress.ToString() }
        );
        await context.AddCookiesAsync([
            new Cookie
            {
                Name = cookie.Name,
                Value = cookie.Value,
                Url = app.ClientOptions.BaseAddress.ToString(),
            },
        ]);

        // One circuit first, closed again: the code paths are loaded and compiled before the first reading.
        var warm = await OpenAsync(context, householdPath);
        await warm.CloseAsync();

        var readings = new List<(int Circuits, long Rss, long Managed)>(Steps + 1) { Snapshot(0) };
        var pages = new List<IPage>(count);
        while (pages.Count < count)
        {
            for (var i = 0; i < count / Steps; i++)
            {
                pages.Add(await OpenAsync(context, householdPath));
            }

            readings.Add(Snapshot(pages.Count));
        }

        Console.WriteLine(
            "memory by open circuits of the owner's household page (after a full collection): "
                + string.Join(
                    ", ",
                    readings.Select(r =>
                        $"{r.Circuits}: RSS {r.Rss / 1048576.0:0.0} MB, managed {r.Managed / 1048576.0:0.0} MB"
                    )
                )
        );
        var (first, last) = (readings[1], readings[^1]);
        double PerCircuitKb(long from, long to, int circuits) => (to - from) / 1024.0 / circuits;
        var rssPerCircuit = PerCircuitKb(first.Rss, last.Rss, last.Circuits - first.Circuits);
        Console.WriteLine(
            $"memory per interactive circuit, from {first.Circuits} to {last.Circuits} circuits: "
                + $"RSS {rssPerCircuit:0} kB, "
                + $"managed heap {PerCircuitKb(first.Managed, last.Managed, last.Circuits - first.Circuits):0} kB "
                + $"(from none to {first.Circuits}: "
                + $"RSS {PerCircuitKb(readings[0].Rss, first.Rss, first.Circuits):0} kB per circuit)"
        );
        foreach (var page in pages)
        {
            await page.CloseAsync();
        }

        return rssPerCircuit;
    }

    private static async Task<IPage> OpenAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.Locator("[data-test=invites-panel][data-interactive=true]")
            .WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        return page;
    }

    /// <summary>A household of <paramref name="owner"/>'s, through the app's services: two people joined through
    /// links, and two links still open.</summary>
    private static async Task<Guid> OwnersHouseholdAsync(BenchApp app, string owner)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var household = (
            await services.GetRequiredService<HouseholdService>().CreateHouseholdAsync(owner, "Bench household")
        )
            .Value!
            .Id;
        var invites = services.GetRequiredService<InviteManagementService>();
        foreach (var label in new[] { "Kitchen", "Spare room", "Friday guests", "Neighbours" })
        {
            var link = (
                await invites.CreateInviteAsync(owner, household, new CreateInviteCommand("7d", 1, "Member", label))
            ).Value!;
            if (label is "Kitchen" or "Spare room")
            {
                var member = await CreateUserAsync(services, "member");
                var joined = await services
                    .GetRequiredService<InviteRedemptionService>()
                    .AcceptAsync(link.Token, member.Id);
                if (joined is not JoinOutcome.Joined)
                {
                    throw new InvalidOperationException($"The bench's member did not join: {joined}");
                }
            }
        }

        return household;
    }

    /// <summary>A person's sign-in cookie, made with the app's own cookie protector (no password hash to
    /// pay).</summary>
    private static async Task<(string UserId, (string Name, string Value) Cookie)> SignInCookieAsync(BenchApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await CreateUserAsync(scope.ServiceProvider, "circuits");
        ClaimsPrincipal principal = await scope
            .ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>()
            .CreateAsync(user);
        // A cookie counts only with its server-side session, as one from the sign-in form does.
        var sessionId = await app
            .Services.GetRequiredService<UserSessions>()
            .StartAsync(user, user.SecurityStamp!, SessionKind.Browser, "bench");
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(UserSessions.ClaimType, sessionId));
        var options = app
            .Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme);
        var ticket = new AuthenticationTicket(
            principal,
            new AuthenticationProperties(),
            IdentityConstants.ApplicationScheme
        );
        return (user.Id, (options.Cookie.Name!, options.TicketDataFormat.Protect(ticket)));
    }

    private static async Task<ApplicationUser> CreateUserAsync(IServiceProvider services, string who)
    {
        var email = $"{who}-{Guid.NewGuid():N}@bench.example";
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            DisplayName = who,
            EmailConfirmed = true,
        };
        var created = await services.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        return user;
    }

    private static (int Circuits, long Rss, long Managed) Snapshot(int circuits)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        var rssLine = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var rss =
            long.Parse(
                rssLine["VmRSS:".Length..].Trim().Split(' ')[0],
                System.Globalization.CultureInfo.InvariantCulture
            ) * 1024;
        return (circuits, rss, managed);
    }
}
