using System.Net;
using System.Text.RegularExpressions;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>
/// Submits a server-rendered form as a browser would: GET the page (collecting the antiforgery cookie),
/// copy the form's hidden fields (antiforgery token, Blazor's _handler), fill in fields, POST.
/// </summary>
public static partial class FormPost
{
    public static HttpClient CreateBrowserLikeClient(this TestApp app, CookieContainer? cookies = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = cookies ?? new CookieContainer(),
        };
        return new HttpClient(handler) { BaseAddress = app.BaseAddress };
    }

    /// <summary>A form's fields by name, for <see cref="SubmitFormAsync"/>.</summary>
    public static Dictionary<string, string> Fields(params (string Key, string Value)[] fields) =>
        fields.ToDictionary(f => f.Key, f => f.Value);

    /// <summary>Posts the form named <paramref name="formName"/> (Blazor's FormName, or "action:PATH" for a plain form)
    /// found on <paramref name="pageUrl"/>.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client,
        string pageUrl,
        string formName,
        IDictionary<string, string> fields
    )
    {
        var page = await client.GetAsync(pageUrl);
        var html = await page.Content.ReadAsStringAsync();
        var form = FindForm(html, formName)
            ?? throw new InvalidOperationException(
                $"No form '{formName}' on {pageUrl} (status {(int)page.StatusCode})."
            );
        var values = new Dictionary<string, string>();
        foreach (Match hidden in HiddenInput().Matches(form.Body))
        {
            var name = WebUtility.HtmlDecode(Attribute(hidden.Value, "name") ?? "");
            if (name.Length > 0)
            {
                values[name] = WebUtility.HtmlDecode(Attribute(hidden.Value, "value") ?? "");
            }
        }

        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }

        var action = string.IsNullOrEmpty(form.Action) ? pageUrl : WebUtility.HtmlDecode(form.Action);
        if (!action.StartsWith('/') && !action.StartsWith("http", StringComparison.Ordinal))
        {
            action = "/" + action;
        }

        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    private static (string Body, string? Action)? FindForm(string html, string formName)
    {
        foreach (Match form in FormElement().Matches(html))
        {
            var body = form.Value;
            var handler = HiddenInput()
                .Matches(body)
                .Select(m => (Name: Attribute(m.Value, "name"), Value: Attribute(m.Value, "value")))
                .FirstOrDefault(h => h.Name == "_handler");
            var open = body[..body.IndexOf('>', StringComparison.Ordinal)];
            var action = Attribute(open, "action");
            if (
                handler.Value == formName
                || (formName.StartsWith("action:", StringComparison.Ordinal) && action == formName["action:".Length..])
            )
            {
                return (body, action);
            }
        }

        return null;
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $@"\b{name}=""([^""]*)""", RegexOptions.IgnoreCase);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"<form\b.*?</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormElement();

    [GeneratedRegex(@"<input\b[^>]*type=""hidden""[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
