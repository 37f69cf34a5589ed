using System.Net;
using System.Text.RegularExpressions;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>Reading server-rendered pages the way a person reads them.</summary>
public static partial class PageText
{
    /// <summary>The value of <c>data-invite-state</c> on the page's <c>main</c> element, or null without one.</summary>
    public static string? InviteState(string html)
    {
        var main = MainElement().Match(html);
        return main.Success ? main.Groups["state"].Value : null;
    }

    /// <summary>The page's main element, start to end: what a person reads, without the shared header.</summary>
    public static string MainContent(string html)
    {
        var start = html.IndexOf("<main", StringComparison.Ordinal);
        var end = html.IndexOf("</main>", StringComparison.Ordinal);
        return start < 0 || end < 0 ? "" : html[start..end];
    }

    /// <summary>The text a person reads in <paramref name="html"/>: tags removed, whitespace collapsed.</summary>
    public static string VisibleText(string html) =>
        Whitespace().Replace(Tag().Replace(html, " "), " ").Replace(" .", ".", StringComparison.Ordinal).Trim();

    /// <summary>
    /// The hidden fields (antiforgery token, Blazor's <c>_handler</c>) of the form named <paramref name="handler"/> on
    /// <paramref name="url"/>, read now and posted later — as a person does who leaves a page open and submits it after
    /// a while.
    /// </summary>
    public static async Task<Dictionary<string, string>> ReadHiddenFieldsAsync(
        this HttpClient client,
        string url,
        string handler
    )
    {
        var html = await client.GetStringAsync(url, TestContext.Current.CancellationToken);
        foreach (Match form in Form().Matches(html))
        {
            var fields = Hidden()
                .Matches(form.Value)
                .ToDictionary(
                    m => WebUtility.HtmlDecode(m.Groups["name"].Value),
                    m => WebUtility.HtmlDecode(m.Groups["value"].Value)
                );
            if (fields.TryGetValue("_handler", out var name) && name == handler)
            {
                return fields;
            }
        }

        throw new InvalidOperationException($"No form '{handler}' on the page.");
    }

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<main\b[^>]*\bdata-invite-state=""(?<state>[^""]*)""")]
    private static partial Regex MainElement();

    [GeneratedRegex(@"<form\b.*?</form>", RegexOptions.Singleline)]
    private static partial Regex Form();

    [GeneratedRegex(
        @"<input\b(?=[^>]*type=""hidden"")(?=[^>]*\bname=""(?<name>[^""]*)"")"
            + @"(?=[^>]*\bvalue=""(?<value>[^""]*)"")[^>]*>"
    )]
    private static partial Regex Hidden();
}
