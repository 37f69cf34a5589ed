using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using HouseholdApp.Features.Accounts;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Accounts;

/// <summary>
/// The viewer's time zone on pages rendered by the server (SPEC section 11): the browser's cookie, else the saved zone,
/// else UTC, named; the zone saved for mails follows the browser unless the person chose one on the profile page.
/// </summary>
public sealed class TimeZoneTests(TestEnvironment env)
{
    private const string Profile = "/Account/Manage";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("%00%ff")]
    [InlineData("")]
    public async Task LandingPage_WithAGarbageZoneCookie_WritesTheExpiryInUtc_NamingIt(string cookie)
    {
        var invite = await env.App.CreateInviteAsync();
        using var client = env.App.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, invite.Path);
        request.Headers.Add("Cookie", $"{TimeZonePreference.CookieName}={cookie}");

        var response = await client.SendAsync(request, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync(Ct);
        ExpiryAt(html).ShouldBe(Written(ExpiresAt(html), "UTC"));
    }

    [Fact]
    public async Task LandingPage_WithTheBrowsersZone_WritesTheExpiryInIt()
    {
        var invite = await env.App.CreateInviteAsync();
        using var client = env.App.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, invite.Path);
        request.Headers.Add("Cookie", $"{TimeZonePreference.CookieName}=Pacific/Auckland");

        var html = await (await client.SendAsync(request, Ct)).Content.ReadAsStringAsync(Ct);

        ExpiryAt(html).ShouldBe(Written(ExpiresAt(html), "Pacific/Auckland"));
    }

    [Fact]
    public async Task SessionsPage_WithAGarbageCookie_FallsBackToTheSavedZone_ThenUtc()
    {
        var user = await env.App.CreateUserAsync("garbled", withPassword: true);
        var cookies = new CookieContainer();
        cookies.Add(env.App.BaseAddress, new Cookie(TimeZonePreference.CookieName, "Nowhere/Atlantis"));
        var client = await env.App.SignedInBrowserClientAsync(user, cookies);

        var utc = await client.GetAsync("/Account/Manage/Sessions", Ct);
        utc.StatusCode.ShouldBe(HttpStatusCode.OK);
        SessionFacts(await utc.Content.ReadAsStringAsync(Ct)).ShouldEndWith(" UTC");

        (await ChooseAsync(user.UserId, "Asia/Tokyo")).IsSuccess.ShouldBeTrue();
        var saved = await client.GetStringAsync("/Account/Manage/Sessions", Ct);
        SessionFacts(saved).ShouldEndWith(" Asia/Tokyo");
    }

    [Fact]
    public async Task SignedInBrowser_ReportsItsZone_UntilThePersonChoosesOne_WhichThenStays()
    {
        var user = await env.App.CreateUserAsync("traveller", withPassword: true);
        var cookies = new CookieContainer();
        var client = await env.App.SignedInBrowserClientAsync(user, cookies);
        (await SavedAsync(user.UserId)).ShouldBe(new SavedTimeZone(null, false));

        await VisitFromAsync(client, cookies, "Pacific/Auckland");
        (await SavedAsync(user.UserId)).ShouldBe(new SavedTimeZone("Pacific/Auckland", false));

        var name = TestData.DefaultDisplayName(user.Email);
        var chosen = await client.SubmitFormAsync(
            Profile,
            "profile",
            FormPost.Fields(("Input.DisplayName", name), ("Input.TimeZone", "Europe/Berlin"))
        );
        chosen.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await SavedAsync(user.UserId)).ShouldBe(new SavedTimeZone("Europe/Berlin", true));
        await VisitFromAsync(client, cookies, "Asia/Tokyo");
        (await SavedAsync(user.UserId)).ShouldBe(new SavedTimeZone("Europe/Berlin", true));
        var page = await client.GetStringAsync(Profile, Ct);
        page.ShouldContain("<option value=\"Europe/Berlin\" selected>");
        page.ShouldContain("Mails give times in Europe/Berlin.");

        // "Use this device's zone" takes this browser's, and lets later reports change it again.
        var device = await client.SubmitFormAsync(
            Profile,
            "profile",
            FormPost.Fields(("Input.DisplayName", name), ("Input.TimeZone", ""))
        );
        device.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await SavedAsync(user.UserId)).ShouldBe(new SavedTimeZone("Asia/Tokyo", false));
        (await client.GetStringAsync(Profile, Ct)).ShouldContain("Use this device&#x27;s zone (Asia/Tokyo)");
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("../../../../etc/passwd")]
    public async Task ProfileForm_RefusesAnUnknownZone_AtTheField_AndSavesNothing(string zone)
    {
        var user = await env.App.CreateUserAsync("refused", withPassword: true);
        var client = await env.App.SignedInBrowserClientAsync(user);
        (await ChooseAsync(user.UserId, "Europe/Lisbon")).IsSuccess.ShouldBeTrue();

        var response = await client.SubmitFormAsync(
            Profile,
            "profile",
            FormPost.Fields(("Input.DisplayName", "Renamed"), ("Input.TimeZone", zone))
        );

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("data-test=\"time-zone-error\">Choose a time zone from the list.</p>");
        html.ShouldContain("aria-invalid=\"true\" aria-describedby=\"Input.TimeZone-help\"");
        (await SavedAsync(user.UserId)).ShouldBe(new SavedTimeZone("Europe/Lisbon", true));
        (await client.GetStringAsync(Profile, Ct)).ShouldNotContain("value=\"Renamed\"");
    }

    private async Task VisitFromAsync(HttpClient client, CookieContainer cookies, string zone)
    {
        cookies.Add(env.App.BaseAddress, new Cookie(TimeZonePreference.CookieName, zone));
        (await client.GetAsync("/households", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<SavedTimeZone> SavedAsync(string userId)
    {
        await using var scope = env.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TimeZonePreference>().SavedAsync(userId, Ct);
    }

    private async Task<HouseholdApp.Common.Result<SavedTimeZone>> ChooseAsync(string userId, string zone)
    {
        await using var scope = env.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TimeZonePreference>().ChooseAsync(userId, zone, null, Ct);
    }

    /// <summary>A moment as a person reads it in <paramref name="zone"/>, its name after it.</summary>
    public static string Written(DateTimeOffset moment, string zone) =>
        TimeZoneInfo
            .ConvertTime(moment, zone == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zone))
            .ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture)
        + " "
        + zone;

    private static DateTimeOffset ExpiresAt(string html) =>
        DateTimeOffset.Parse(
            Parse(html).QuerySelector("[data-test=invite-expiry] time")!.GetAttribute("datetime")!,
            CultureInfo.InvariantCulture
        );

    /// <summary>The exact expiry beside "expires in 7 days", without its brackets.</summary>
    private static string ExpiryAt(string html) =>
        Parse(html).QuerySelector("[data-test=invite-expiry-at]")!.TextContent.Trim('(', ')');

    private static AngleSharp.Dom.IDocument Parse(string html) =>
        new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);

    /// <summary>When this device's session signed in, as the sessions page writes it.</summary>
    private static string SessionFacts(string html)
    {
        var text = PageText.VisibleText(PageText.MainContent(html));
        var match = Regex.Match(text, @"This device Browser · signed in (\d{1,2} \w{3} \d{4}, \d{2}:\d{2} [\w/]+)");
        match.Success.ShouldBeTrue(text);
        return match.Groups[1].Value;
    }
}
