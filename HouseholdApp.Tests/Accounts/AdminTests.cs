using System.Net;
using System.Net.Http.Json;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HouseholdApp.Tests.Accounts;

/// <summary>
/// The instance's administration at <c>/admin</c>, for the accounts named in <c>Admin:Emails</c>: the accounts with
/// their dates and households, locking and unlocking, and who may create an account, switched at run time.
/// </summary>
public sealed partial class AdminTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An app whose administrators are <c>admin-{n}@example.org</c>; each test uses its own of them. Sessions
    /// are checked every second, so a lock shows within the test.</summary>
    private Task<TestApp> AppAsync() =>
        env.AppWithAsync(
            new Dictionary<string, string?>
            {
                ["Admin:Emails"] = " Admin-1@example.org, admin-2@example.org;admin-3@example.org,admin-4@example.org ",
                ["Sessions:ValidationInterval"] = "00:00:01",
            }
        );

    /// <summary>Administrator number <paramref name="n"/>, made on first use.</summary>
    private static async Task<TestUser> AdminUserAsync(TestApp app, int n)
    {
        var email = $"admin-{n}@example.org";
        return await app.UserIdOfAsync(email) is { } id
            ? new TestUser(email, id, app.CreateHttpClient())
            : await app.CreateUserAsync(withPassword: true, email: email);
    }

    private static async Task<HttpClient> AdminAsync(TestApp app, int n) =>
        await app.SignedInBrowserClientAsync(await AdminUserAsync(app, n));

    private static async Task<string> HtmlAsync(HttpResponseMessage response) =>
        await response.Content.ReadAsStringAsync(Ct);

    [Fact]
    public async Task OnlyAdministrators_ReachThePage()
    {
        var app = await AppAsync();
        var anonymous = await app.CreateBrowserLikeClient().GetAsync("/admin", Ct);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.OriginalString.ShouldContain("/Account/Login");

        var (member, _) = await app.SignedInClientAsync("notadmin");
        var refused = await member.GetAsync("/admin", Ct);
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        refused.Headers.Location!.OriginalString.ShouldContain("/Account/AccessDenied");
        (await HtmlAsync(await member.GetAsync("/Account/Manage", Ct))).ShouldNotContain("data-test=\"nav-admin\"");

        var admin = await AdminAsync(app, 1);
        (await admin.GetAsync("/admin", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await HtmlAsync(await admin.GetAsync("/Account/Manage", Ct))).ShouldContain("data-test=\"nav-admin\"");
    }

    [Fact]
    public async Task Page_InGerman_SpeaksGerman()
    {
        var app = await AppAsync();
        var admin = await AdminAsync(app, 4);
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var other = await app.CreateUserAsync("admin-de", withPassword: true);

        var page = WebUtility.HtmlDecode(
            await admin.GetStringAsync($"/admin?q={Uri.EscapeDataString(other.Email)}", Ct)
        );
        var text = PageText.VisibleText(PageText.MainContent(page));

        page.ShouldContain("<title>Administration · HouseholdApp</title>");
        text.ShouldContain("Neue Konten");
        text.ShouldContain("Alle, die den Server finden, können ein Konto erstellen");
        text.ShouldContain("Nur Leute mit einem Einladungslink");
        text.ShouldContain("1 Konto");
        text.ShouldContain("Erstellt");
        text.ShouldContain("Letzte Anmeldung");
        text.ShouldContain("Haushalte Keine");
        text.ShouldContain("Sperren");
        page.ShouldContain($"aria-label=\"{other.Email} sperren\"");
        text.ShouldNotContain("Search by address");
    }

    [Fact]
    public async Task ListsAccounts_WithCreation_LastSignIn_AndHouseholds_AndSearches()
    {
        var app = await AppAsync();
        var admin = await AdminAsync(app, 2);
        var person = await app.CreateUserAsync("listed", withPassword: true);
        await person.CreateHouseholdAsync("Birch Lane");
        var quiet = await app.CreateUserAsync("quiet");

        var found = await HtmlAsync(
            await admin.GetAsync($"/admin?q={Uri.EscapeDataString(person.Email.ToUpperInvariant())}", Ct)
        );
        found.ShouldContain(person.Email);
        found.ShouldContain("Birch Lane");
        found.ShouldContain("1 account");
        found.ShouldNotContain(quiet.Email);
        found.ShouldContain(
            DateTimeOffset.UtcNow.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)
        );

        // Neither has signed in since the record was cleared (the test's users come with a session of their own).
        await using (var db = app.CreateDbContext())
        {
            await db
                .Users.Where(u => u.Id == person.UserId || u.Id == quiet.UserId)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSignInAt, (DateTimeOffset?)null), Ct);
        }

        (await HtmlAsync(await admin.GetAsync($"/admin?q={Uri.EscapeDataString(person.Email)}", Ct))).ShouldContain(
            "Never"
        );
        await app.SignedInBrowserClientAsync(person);
        var signedIn = await HtmlAsync(await admin.GetAsync($"/admin?q={Uri.EscapeDataString(person.Email)}", Ct));
        signedIn.ShouldNotContain("Never");
        signedIn.ShouldContain(
            DateTimeOffset.UtcNow.ToString("d MMM yyyy, ", System.Globalization.CultureInfo.InvariantCulture)
        );
        (await HtmlAsync(await admin.GetAsync($"/admin?q={Uri.EscapeDataString(quiet.Email)}", Ct))).ShouldContain(
            "Never"
        );
        // A search is text, not a pattern; a long one is cut to the longest address.
        (await HtmlAsync(await admin.GetAsync("/admin?q=%25_%25", Ct))).ShouldContain("0 accounts");
        (await admin.GetAsync("/admin?q=" + new string('x', 2000), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Lock_EndsEverySession_AndRefusesSignIn_UntilUnlocked()
    {
        var app = await AppAsync();
        var admin = await AdminAsync(app, 3);
        var person = await app.CreateUserAsync("locked", withPassword: true);
        var browser = await app.SignedInBrowserClientAsync(person);
        var page = $"/admin?q={Uri.EscapeDataString(person.Email)}";

        var locked = await admin.SubmitFormAsync(
            page,
            "admin-account",
            FormPost.Fields(("Change", "lock:" + person.UserId))
        );
        (await HtmlAsync(locked)).ShouldContain("is locked and signed out everywhere");
        await Eventually.UntilAsync(
            async () => (await browser.GetAsync("/households", Ct)).StatusCode != HttpStatusCode.OK,
            "the locked person's browser session ends"
        );
        (await person.Client.GetAsync("/api/v1/households", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var signIn = await app.CreateBrowserLikeClient()
            .SubmitFormAsync(
                "/Account/Login",
                "login",
                FormPost.Fields(("Input.Email", person.Email), ("Input.Password", TestData.DefaultPassword))
            );
        signIn.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await HtmlAsync(signIn)).ShouldContain("locked by the server&#x27;s administrator");
        var api = await app.CreateHttpClient()
            .PostAsJsonAsync(
                "/api/v1/account/login",
                new { email = person.Email, password = TestData.DefaultPassword },
                Ct
            );
        api.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var unlocked = await admin.SubmitFormAsync(
            page,
            "admin-account",
            FormPost.Fields(("Change", "unlock:" + person.UserId))
        );
        (await HtmlAsync(unlocked)).ShouldContain("can sign in again");
        await app.SignedInBrowserClientAsync(person);
    }

    [Fact]
    public async Task Delete_AsksFirst_ThenDeletesAsTheOwnerWould_AndRefusesASoleOwnerOfAHouseholdOthersLiveIn()
    {
        var app = await AppAsync();
        var admin = await AdminAsync(app, 1);
        var person = await app.CreateUserAsync("deleted", withPassword: true);
        var page = $"/admin?q={Uri.EscapeDataString(person.Email)}";

        var asked = await HtmlAsync(
            await admin.SubmitFormAsync(page, "admin-account", FormPost.Fields(("Change", "delete:" + person.UserId)))
        );
        asked.ShouldContain("data-test=\"admin-delete-dialog\"");
        (await app.UserExistsAsync(person.Email)).ShouldBeTrue("nothing goes before the answer");

        // The confirmation is a form of its own; posting it answers the question.
        var deleted = await admin.PostAsync(
            page,
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["_handler"] = "admin-delete",
                    ["DeleteId"] = person.UserId,
                    ["__RequestVerificationToken"] = AntiforgeryToken().Match(asked).Groups[1].Value,
                }
            ),
            Ct
        );
        (await HtmlAsync(deleted)).ShouldContain($"{person.Email} is deleted.");
        (await app.UserExistsAsync(person.Email)).ShouldBeFalse();

        var owner = await app.CreateUserAsync("soleowner", withPassword: true);
        var household = await owner.CreateHouseholdAsync("Cedar Row");
        await app.CreateMemberAsync(owner, household);
        var refused = await admin.PostAsync(
            page,
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["_handler"] = "admin-delete",
                    ["DeleteId"] = owner.UserId,
                    ["__RequestVerificationToken"] = AntiforgeryToken().Match(asked).Groups[1].Value,
                }
            ),
            Ct
        );
        (await HtmlAsync(refused)).ShouldContain("is the only owner of Cedar Row");
        (await app.UserExistsAsync(owner.Email)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("lock:no-such-account", "That account no longer exists.")]
    [InlineData("delete-everything", "That is not something this page can do.")]
    [InlineData("", "That is not something this page can do.")]
    public async Task NonsenseChanges_AreRefused_AndChangeNothing(string change, string message)
    {
        var app = await AppAsync();
        var admin = await AdminAsync(app, 4);
        var answer = await admin.SubmitFormAsync("/admin", "admin-account", FormPost.Fields(("Change", change)));
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await HtmlAsync(answer)).ShouldContain(message);
    }

    [Fact]
    public async Task AnAdministrator_CannotBeLockedHere()
    {
        var app = await AppAsync();
        var admin = await AdminAsync(app, 4);
        var otherAdmin = await AdminUserAsync(app, 1);
        var answer = await admin.SubmitFormAsync(
            "/admin",
            "admin-account",
            FormPost.Fields(("Change", "lock:" + otherAdmin.UserId))
        );
        (await HtmlAsync(answer)).ShouldContain("cannot be locked here");
        await app.SignedInBrowserClientAsync(otherAdmin);
    }

    [Fact]
    public async Task RegistrationMode_SwitchesAtRunTime_ForThePageAndTheApi()
    {
        var app = await AppAsync();
        var admin = await AdminAsync(app, 2);
        try
        {
            (
                await HtmlAsync(
                    await admin.SubmitFormAsync(
                        "/admin",
                        "admin-registration",
                        FormPost.Fields(("RegistrationChoice", "InviteOnly"))
                    )
                )
            ).ShouldContain("New accounts now need an invite link.");
            (await HtmlAsync(await app.CreateBrowserLikeClient().GetAsync("/Account/Register", Ct))).ShouldContain(
                "data-test=\"registration-closed\""
            );
            var closed = await app.CreateHttpClient()
                .PostAsJsonAsync(
                    "/api/v1/account/register",
                    new { email = TestData.UniqueEmail("closed"), password = TestData.DefaultPassword },
                    Ct
                );
            closed.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await HtmlAsync(closed)).ShouldContain("registration_closed");

            (
                await HtmlAsync(
                    await admin.SubmitFormAsync(
                        "/admin",
                        "admin-registration",
                        FormPost.Fields(("RegistrationChoice", "7"))
                    )
                )
            ).ShouldContain("Choose who may create an account.");
            (await HtmlAsync(await app.CreateBrowserLikeClient().GetAsync("/Account/Register", Ct))).ShouldContain(
                "data-test=\"registration-closed\""
            );
        }
        finally
        {
            (
                await HtmlAsync(
                    await admin.SubmitFormAsync(
                        "/admin",
                        "admin-registration",
                        FormPost.Fields(("RegistrationChoice", "Open"))
                    )
                )
            ).ShouldContain("Anyone can create an account now.");
        }

        var open = await app.CreateHttpClient()
            .PostAsJsonAsync(
                "/api/v1/account/register",
                new { email = TestData.UniqueEmail("open"), password = TestData.DefaultPassword },
                Ct
            );
        open.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(1280, "light")]
    [InlineData(375, "dark")]
    public async Task ThePage_InChromium_HasNoSeriousAccessibilityViolations_AndFitsAPhone(int width, string theme)
    {
        var app = await AppAsync();
        var admin = await AdminUserAsync(app, 3);
        await (await app.CreateUserAsync("neighbour")).CreateHouseholdAsync("Elm Court");
        await using var context = await Infrastructure.Browser.NewContextAsync(
            app,
            new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = width, Height = 900 },
                IsMobile = width < 600,
                BypassCSP = true,
            }
        );
        if (theme == "dark")
        {
            await context.AddCookiesAsync([
                new Microsoft.Playwright.Cookie
                {
                    Name = HouseholdApp.Components.Layout.ThemePreference.CookieName,
                    Value = "dark",
                    Url = app.BaseAddress.ToString(),
                },
            ]);
        }

        var page = await context.NewPageAsync();
        await BrowserFlows.SignInAsync(page, admin.Email, "/admin");
        await Expect(page.Locator("[data-test=admin-account]").First).ToBeVisibleAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, $"admin-{width}-{theme}");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width);
        (await Axe.SeriousViolationsAsync(page)).ShouldBeEmpty();
    }

    [System.Text.RegularExpressions.GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex AntiforgeryToken();
}
