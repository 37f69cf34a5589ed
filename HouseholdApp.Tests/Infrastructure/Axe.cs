using Microsoft.Playwright;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>axe-core (from npm, installed by the web project's build) run inside a page.</summary>
public static class Axe
{
    public static string ScriptPath => Path.Combine(Paths.RepositoryRoot, "HouseholdApp", "node_modules", "axe-core", "axe.min.js");

    /// <summary>
    /// The serious and critical findings on the page as it is now, each with its elements and axe's explanation.
    /// The page's context needs BypassCSP, since the app's policy rightly refuses injected scripts.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof axe !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new() { Path = ScriptPath });
        }

        return await page.EvaluateAsync<string[]>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id}: ${v.nodes.map(n => n.target.join(' ') + ' (' + n.failureSummary + ')').join(' | ')}`)
            """);
    }
}
