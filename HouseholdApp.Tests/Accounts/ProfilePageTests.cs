using System.Net;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Tests.Accounts;

/// <summary>The account page changes the display name with a plain form post: no JavaScript, no circuit.</summary>
public sealed class ProfilePageTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProfileForm_ShowsTheDisplayName_AndSavesATrimmedNewOne()
    {
        var user = await env.App.CreateUserAsync("profile", withPassword: true);
        var client = await env.App.SignedInBrowserClientAsync(user);

        var page = await (await client.GetAsync("/Account/Manage", Ct)).Content.ReadAsStringAsync(Ct);
        page.ShouldContain("name=\"Input.DisplayName\"");
        page.ShouldContain($"value=\"{await DisplayNameAsync(user.UserId)}\"");

        var response = await client.SubmitFormAsync(
            "/Account/Manage",
            "profile",
            new Dictionary<string, string> { ["Input.DisplayName"] = "  Fern Ito " }
        );

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await DisplayNameAsync(user.UserId)).ShouldBe("Fern Ito");
        var after = await (await client.GetAsync("/Account/Manage", Ct)).Content.ReadAsStringAsync(Ct);
        after.ShouldContain("value=\"Fern Ito\"");
        after.ShouldContain("Your profile has been updated");
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("012345678901234567890123456789012345678901234567890")]
    public async Task ProfileForm_RefusesABlankOrTooLongName_AtTheField_AndKeepsTheOldOne(string name)
    {
        var user = await env.App.CreateUserAsync("profile", withPassword: true);
        var before = await DisplayNameAsync(user.UserId);
        var client = await env.App.SignedInBrowserClientAsync(user);

        var response = await client.SubmitFormAsync(
            "/Account/Manage",
            "profile",
            new Dictionary<string, string> { ["Input.DisplayName"] = name }
        );

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("data-test=\"display-name-error\"");
        html.ShouldContain("aria-invalid=\"true\"");
        (await DisplayNameAsync(user.UserId)).ShouldBe(before);
    }

    [Fact]
    public async Task ProfileForm_SavesTheDisplayName_WithThePhoneFieldLeftEmpty()
    {
        var user = await env.App.CreateUserAsync("profile", withPassword: true);
        var client = await env.App.SignedInBrowserClientAsync(user);

        var response = await client.SubmitFormAsync(
            "/Account/Manage",
            "profile",
            new Dictionary<string, string> { ["Input.DisplayName"] = "Fern Ito", ["Input.PhoneNumber"] = "" }
        );

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await DisplayNameAsync(user.UserId)).ShouldBe("Fern Ito");
        (await PhoneNumberAsync(user.UserId)).ShouldBeNull();
    }

    [Fact]
    public async Task ProfileForm_ClearsAPhoneNumber_AndRefusesOneThatIsNot()
    {
        var user = await env.App.CreateUserAsync("profile", withPassword: true);
        var client = await env.App.SignedInBrowserClientAsync(user);
        var name = await DisplayNameAsync(user.UserId);

        await client.SubmitFormAsync(
            "/Account/Manage",
            "profile",
            new Dictionary<string, string> { ["Input.DisplayName"] = name, ["Input.PhoneNumber"] = "+49 30 1234567" }
        );
        (await PhoneNumberAsync(user.UserId)).ShouldBe("+49 30 1234567");
        var refused = await client.SubmitFormAsync(
            "/Account/Manage",
            "profile",
            new Dictionary<string, string> { ["Input.DisplayName"] = name, ["Input.PhoneNumber"] = "call me maybe" }
        );
        var cleared = await client.SubmitFormAsync(
            "/Account/Manage",
            "profile",
            new Dictionary<string, string> { ["Input.DisplayName"] = name, ["Input.PhoneNumber"] = "  " }
        );

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync(Ct)).ShouldContain("data-test=\"phone-number-error\"");
        cleared.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PhoneNumberAsync(user.UserId)).ShouldBeNull();
    }

    [Fact]
    public async Task Header_GreetsThePersonByDisplayName_NotByEmailAddress()
    {
        var user = await env.App.CreateUserAsync("profile", withPassword: true);
        await using (var db = env.App.CreateDbContext())
        {
            await db
                .Users.Where(u => u.Id == user.UserId)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, "Fern Ito"), Ct);
        }

        var client = await env.App.SignedInBrowserClientAsync(user);
        var home = await client.GetStringAsync("/", Ct);
        var renamed = await client.SubmitFormAsync(
            "/Account/Manage",
            "profile",
            new Dictionary<string, string> { ["Input.DisplayName"] = "Fern I.", ["Input.PhoneNumber"] = "" }
        );
        var after = await client.GetStringAsync("/Account/Manage", Ct);

        NavUser(home).ShouldBe("Fern Ito");
        home.ShouldNotContain(user.Email);
        renamed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        NavUser(after).ShouldBe("Fern I.");

        static string NavUser(string html) =>
            System
                .Text.RegularExpressions.Regex.Match(
                    html,
                    "data-test=\"nav-user\"[^>]*>.*?<bdi>([^<]*)</bdi>",
                    System.Text.RegularExpressions.RegexOptions.Singleline
                )
                .Groups[1]
                .Value;
    }

    [Fact]
    public async Task ProfilePage_InGerman_SpeaksGerman_AndSoDoItsMessages()
    {
        var user = await env.App.CreateUserAsync("profile", withPassword: true);
        var client = await env.App.SignedInBrowserClientAsync(user);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Account/Manage", Ct));
        var refused = await client.SubmitFormAsync(
            "/Account/Manage",
            "profile",
            new Dictionary<string, string>
            {
                ["Input.DisplayName"] = "Fern",
                ["Input.PhoneNumber"] = "call me maybe",
                ["Input.TimeZone"] = "",
            }
        );
        var saved = await client.SubmitFormAsync(
            "/Account/Manage",
            "profile",
            new Dictionary<string, string> { ["Input.DisplayName"] = "Fern", ["Input.TimeZone"] = "Europe/Berlin" }
        );

        var text = PageText.VisibleText(PageText.MainContent(page));
        text.ShouldContain("Dein Konto");
        text.ShouldContain("Sitzungen");
        text.ShouldContain("Deine Daten");
        text.ShouldContain("Anzeigename");
        text.ShouldContain("Zeitzone dieses Geräts verwenden");
        text.ShouldContain("E-Mails nennen Uhrzeiten in UTC");
        text.ShouldContain("Speichern");
        text.ShouldNotContain("Display name");
        page.ShouldContain("<title>Profil · HouseholdApp</title>");
        WebUtility
            .HtmlDecode(await refused.Content.ReadAsStringAsync(Ct))
            .ShouldContain("Gib eine Telefonnummer ein oder lass das Feld leer.");
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = PageText.VisibleText(
            PageText.MainContent(WebUtility.HtmlDecode(await client.GetStringAsync("/Account/Manage", Ct)))
        );
        after.ShouldContain("Dein Profil ist gespeichert.");
        after.ShouldContain("E-Mails nennen Uhrzeiten in Europe/Berlin.");
    }

    private async Task<string?> PhoneNumberAsync(string userId)
    {
        await using var db = env.App.CreateDbContext();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.PhoneNumber).SingleAsync(Ct);
    }

    private async Task<string> DisplayNameAsync(string userId)
    {
        await using var db = env.App.CreateDbContext();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync(Ct);
    }
}
