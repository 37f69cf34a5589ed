using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Tests.Landing;

/// <summary>A fresh household with one invite, made through the public API like an owner would.</summary>
public sealed record LandingInvite(ApiUser Owner, Guid HouseholdId, string HouseholdName, Guid InviteId, string Token)
{
    public string Path => $"/invites/{Token}";
}

/// <summary>Test data and page helpers for the invite landing page; every test makes its own.</summary>
public static partial class LandingData
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<LandingInvite> CreateInviteAsync(this TestApp app, string householdName = "Maple Street flat", string role = "Member", int maxUses = 1)
    {
        var owner = await app.CreateApiUserAsync("owner");
        var household = await owner.Client.PostAsJsonAsync("/api/v1/households", new { name = householdName }, Ct);
        household.EnsureSuccessStatusCode();
        var householdId = (await household.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var created = await owner.Client.PostAsJsonAsync($"/api/v1/households/{householdId}/invites", new { expiresIn = "7d", maxUses, role }, Ct);
        created.EnsureSuccessStatusCode();
        var invite = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return new LandingInvite(owner, householdId, householdName, invite.GetProperty("id").GetGuid(), invite.GetProperty("token").GetString()!);
    }

    /// <summary>Moves the invite's whole life into the past (the table requires expiry after creation).</summary>
    public static async Task ExpireAsync(this TestApp app, LandingInvite invite)
    {
        await using var db = app.CreateDbContext();
        var now = DateTimeOffset.UtcNow;
        await db.Invites.Where(i => i.Id == invite.InviteId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.CreatedAt, now.AddDays(-3)).SetProperty(i => i.ExpiresAt, now.AddDays(-1)), Ct);
    }

    public static async Task RevokeAsync(this LandingInvite invite)
    {
        var response = await invite.Owner.Client.DeleteAsync($"/api/v1/households/{invite.HouseholdId}/invites/{invite.InviteId}", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    /// <summary>Someone else signs up through the link (through the API), using its only use.</summary>
    public static async Task UseUpAsync(this TestApp app, LandingInvite invite)
    {
        var response = await app.CreateHttpClient().PostAsJsonAsync($"/api/v1/invites/{invite.Token}/signup",
            new { email = TestApp.UniqueEmail("first"), password = TestApp.DefaultPassword }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    /// <summary>A browser-like client (cookies, no redirects followed) signed in through the Login form.</summary>
    public static async Task<(HttpClient Client, ApiUser User)> SignedInClientAsync(this TestApp app, string who = "member")
    {
        var user = await app.CreateApiUserAsync(who);
        var client = app.CreateBrowserLikeClient();
        var login = await client.SubmitFormAsync("/Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email,
            ["Input.Password"] = TestApp.DefaultPassword,
        });
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return (client, user);
    }

    public static async Task<bool> IsMemberAsync(this TestApp app, Guid householdId, string userId)
    {
        await using var db = app.CreateDbContext();
        return await db.Memberships.AnyAsync(m => m.HouseholdId == householdId && m.UserId == userId, Ct);
    }

    public static async Task<int> UseCountAsync(this TestApp app, LandingInvite invite)
    {
        await using var db = app.CreateDbContext();
        return await db.Invites.Where(i => i.Id == invite.InviteId).Select(i => i.UseCount).SingleAsync(Ct);
    }

    public static async Task<string?> UserIdOfAsync(this TestApp app, string email)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleOrDefaultAsync(Ct);
    }

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

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<main\b[^>]*\bdata-invite-state=""(?<state>[^""]*)""")]
    private static partial Regex MainElement();
}

public static partial class LandingForms
{
    /// <summary>
    /// The hidden fields (antiforgery token, Blazor's <c>_handler</c>) of the form named <paramref name="handler"/> on
    /// <paramref name="url"/>, read now and posted later — as a person does who leaves a page open and submits it after a while.
    /// </summary>
    public static async Task<Dictionary<string, string>> ReadHiddenFieldsAsync(this HttpClient client, string url, string handler)
    {
        var html = await client.GetStringAsync(url, TestContext.Current.CancellationToken);
        foreach (Match form in Form().Matches(html))
        {
            var fields = Hidden().Matches(form.Value).ToDictionary(
                m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
            if (fields.TryGetValue("_handler", out var name) && name == handler)
            {
                return fields;
            }
        }

        throw new InvalidOperationException($"No form '{handler}' on the page.");
    }

    [GeneratedRegex(@"<form\b.*?</form>", RegexOptions.Singleline)]
    private static partial Regex Form();

    [GeneratedRegex(@"<input\b(?=[^>]*type=""hidden"")(?=[^>]*\bname=""(?<name>[^""]*)"")(?=[^>]*\bvalue=""(?<value>[^""]*)"")[^>]*>")]
    private static partial Regex Hidden();
}
