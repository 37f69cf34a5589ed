using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>axe-core (the Deque.AxeCore.Playwright package carries it) run inside a page.</summary>
public static class Axe
{
    /// <summary>
    /// The serious and critical findings on the page as it is now, each with its elements and axe's explanation.
    /// The page's context needs BypassCSP, since the app's policy rightly refuses injected scripts.
    /// An interactive page's title is gone for a moment while its circuit starts (Blazor's interactive HeadOutlet
    /// renders before the page's PageTitle, dotnet/aspnetcore#68346), so the scan first waits for a title.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        await Assertions.Expect(page).ToHaveTitleAsync(new Regex(@"\S"), new() { Timeout = Eventually.TimeoutMs });
        var results = await page.RunAxe();
        return results
            .Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v =>
                $"{v.Impact} {v.Id}: "
                + string.Join(
                    " | ",
                    v.Nodes.Select(n =>
                        $"{n.Target} ({string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))})"
                    )
                )
            )
            .ToList();
    }
}
