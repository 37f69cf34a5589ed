using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using HouseholdApp.Data;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Memberships;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Languages;

/// <summary>
/// No page has text outside the resources. The app runs with a pseudo-localizer that wraps every resource text in
/// ⟦…⟧; every page is rendered in German, and whatever a person reads (text, titles, labels, placeholders) outside
/// those brackets must be data (names, addresses, zone ids) or marked as another language (<c>lang</c>). A text
/// written in the code, or a MudBlazor text the app does not translate, shows up bare.
/// </summary>
public sealed partial class PseudoLocaleTests(TestEnvironment env)
{
    private const string AdminEmail = "pseudo-admin@example.org";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Words that are not the app's to translate: the product's name, UTC, and the German units Humanizer (a
    /// package with its own German) writes durations in.</summary>
    private static readonly HashSet<string> Untranslated = new(StringComparer.Ordinal)
    {
        "HouseholdApp",
        "UTC",
        "Sekunde",
        "Sekunden",
        "Minute",
        "Minuten",
        "Stunde",
        "Stunden",
        "Tag",
        "Tage",
        "Tagen",
        "Woche",
        "Wochen",
        "Monat",
        "Monate",
        "Monaten",
        "Jahr",
        "Jahre",
        "Jahren",
    };

    [Fact]
    public async Task EveryPage_InGerman_HasNoTextOutsideTheResources()
    {
        await using var app = await StartPseudoAppAsync();
        var owner = await app.CreateUserAsync("pseudo-owner", withPassword: true);
        var admin = await app.CreateUserAsync("pseudo-admin", withPassword: true, email: AdminEmail);
        var twoFactor = await app.CreateUserAsync("pseudo-2fa", withPassword: true);
        var link = await owner.CreateLinkAsync(await owner.CreateHouseholdAsync("Pseudohaus"));
        var expired = await owner.CreateLinkAsync(link.HouseholdId);
        await app.ExpireAsync(expired);
        var revoked = await owner.CreateLinkAsync(link.HouseholdId);
        await revoked.RevokeAsync();
        await TurnOnTwoFactorAsync(app, twoFactor.UserId);

        var anonymous = app.CreateBrowserLikeClient();
        var signedIn = await app.SignedInBrowserClientAsync(owner);
        var administrator = await app.SignedInBrowserClientAsync(admin);
        var halfway = app.CreateBrowserLikeClient();
        var password = await halfway.SubmitFormAsync(
            "/Account/Login",
            "login",
            FormPost.Fields(("Input.Email", twoFactor.Email), ("Input.Password", TestData.DefaultPassword))
        );
        var secondStep = password.Headers.Location!.OriginalString;
        secondStep.ShouldContain("LoginWith2fa");

        (string Route, HttpClient Client, string Path)[] visits =
        [
            ("/", anonymous, "/"),
            ("/", signedIn, "/"),
            ("/households", signedIn, "/households"),
            ("/households/{Id:guid}", signedIn, $"/households/{link.HouseholdId}"),
            ("/invites/{Token}", anonymous, link.Path),
            ("/invites/{Token}", signedIn, link.Path),
            ("/invites/{Token}", anonymous, expired.Path),
            ("/invites/{Token}", anonymous, revoked.Path),
            ("/invites/{Token}", anonymous, "/invites/not-a-real-link"),
            ("/not-found", anonymous, "/not-found"),
            ("/Error", anonymous, "/Error"),
            ("/admin", administrator, "/admin"),
            ("/Account/AccessDenied", anonymous, "/Account/AccessDenied"),
            ("/Account/ConfirmEmail", anonymous, "/Account/ConfirmEmail?userId=nobody&code=nothing"),
            (
                "/Account/ConfirmEmailChange",
                anonymous,
                "/Account/ConfirmEmailChange?userId=nobody&email=a%40example.org&code=nothing"
            ),
            ("/Account/ExternalLogin", anonymous, "/Account/ExternalLogin"),
            ("/Account/ForgotPassword", anonymous, "/Account/ForgotPassword"),
            ("/Account/ForgotPasswordConfirmation", anonymous, "/Account/ForgotPasswordConfirmation"),
            ("/Account/InvalidUser", anonymous, "/Account/InvalidUser"),
            ("/Account/Lockout", anonymous, "/Account/Lockout"),
            ("/Account/Login", anonymous, "/Account/Login"),
            ("/Account/LoginWith2fa", halfway, secondStep),
            ("/Account/Register", anonymous, "/Account/Register"),
            ("/Account/RegisterConfirmation", anonymous, "/Account/RegisterConfirmation?email=someone%40example.org"),
            ("/Account/ResendEmailConfirmation", anonymous, "/Account/ResendEmailConfirmation"),
            ("/Account/ResetPassword", anonymous, "/Account/ResetPassword?code=bm90aGluZw"),
            ("/Account/ResetPasswordConfirmation", anonymous, "/Account/ResetPasswordConfirmation"),
            ("/Account/Manage", signedIn, "/Account/Manage"),
            ("/Account/Manage/ChangePassword", signedIn, "/Account/Manage/ChangePassword"),
            ("/Account/Manage/DeleteAccount", signedIn, "/Account/Manage/DeleteAccount"),
            ("/Account/Manage/Email", signedIn, "/Account/Manage/Email"),
            ("/Account/Manage/ExternalLogins", signedIn, "/Account/Manage/ExternalLogins"),
            ("/Account/Manage/Passkeys", signedIn, "/Account/Manage/Passkeys"),
            ("/Account/Manage/Passkeys/{Id}/Rename", signedIn, "/Account/Manage/Passkeys/bm9uZQ/Rename"),
            ("/Account/Manage/PersonalData", signedIn, "/Account/Manage/PersonalData"),
            ("/Account/Manage/Sessions", signedIn, "/Account/Manage/Sessions"),
            ("/Account/Manage/SetPassword", signedIn, "/Account/Manage/SetPassword"),
            ("/Account/Manage/TwoFactor", signedIn, "/Account/Manage/TwoFactor"),
        ];

        var pages = app
            .Services.GetRequiredService<EndpointDataSource>()
            .Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            .Select(e => e.RoutePattern.RawText!)
            .ToHashSet(StringComparer.Ordinal);
        pages.Except(visits.Select(v => v.Route)).ShouldBeEmpty("every page is visited here: add the new one");

        var data = new[]
        {
            owner.Email,
            admin.Email,
            twoFactor.Email,
            "Pseudohaus",
            TestData.DefaultDisplayName(owner.Email),
            TestData.DefaultDisplayName(admin.Email),
            TestData.DefaultDisplayName(twoFactor.Email),
            "someone@example.org",
            "a@example.org",
        };
        var bare = new List<string>();
        foreach (var (route, client, path) in visits)
        {
            // A page that sends the person on (a sign-in step without its state) is read where it sends them, with its
            // message; a dead end answers with its honest status (404, 410) and a page.
            var response = await GetInGermanAsync(client, path);
            for (var hops = 0; (int)response.StatusCode is >= 300 and < 400 && hops < 3; hops++)
            {
                response = await GetInGermanAsync(client, response.Headers.Location!.OriginalString);
            }

            ((int)response.StatusCode is < 300 or (>= 400 and < 500)).ShouldBeTrue(
                $"{path} ({route}) answered {(int)response.StatusCode}: {app.RecentErrors()}"
            );
            var html = await response.Content.ReadAsStringAsync(Ct);
            html.ShouldContain("<html lang=\"de\">");
            bare.AddRange(BareText(html, data).Select(text => $"{path}: {text}"));
        }

        bare.ShouldBeEmpty("text outside the resources:\n" + string.Join("\n", bare.Distinct()));
    }

    [Fact]
    public async Task TheHouseholdPagesDialogsAndMessages_InGerman_HaveNoTextOutsideTheResources()
    {
        await using var app = await StartPseudoAppAsync();
        var owner = await app.CreateUserAsync("pseudo-owner", withPassword: true);
        var member = await app.CreateUserAsync("pseudo-member", withPassword: true);
        var household = await app.CreateHouseholdAsync(
            "Pseudohaus",
            (owner.UserId, HouseholdRole.Owner),
            (member.UserId, HouseholdRole.Member)
        );
        await owner.CreateLinkAsync(household, new { label = "Küche" });
        var data = new[]
        {
            owner.Email,
            member.Email,
            "Pseudohaus",
            "Küche",
            TestData.DefaultDisplayName(owner.Email),
            TestData.DefaultDisplayName(member.Email),
        };
        await using var context = await Infrastructure.Browser.NewContextAsync(
            app,
            new BrowserNewContextOptions { Locale = "de-DE" }
        );
        var page = await MembershipBrowserTests.OpenHouseholdAsAsync(context, owner, household);
        var bare = new List<string>();

        async Task ReadAsync(string step, string shown)
        {
            await Assertions.Expect(page.Locator($"[data-test={shown}]")).ToBeVisibleAsync();
            bare.AddRange(BareText(await page.ContentAsync(), data).Select(text => $"{step}: {text}"));
        }

        async Task OpenAndCancelAsync(string step, string button, string dialog, string cancel)
        {
            await page.Locator($"[data-test={button}]").First.ClickAsync();
            await ReadAsync(step, dialog);
            await page.Locator($"[data-test={cancel}]").ClickAsync();
            await Assertions.Expect(page.Locator($"[data-test={dialog}]")).ToHaveCountAsync(0);
        }

        await ReadAsync("page", "invites-panel");
        await page.Locator("[data-test=create-invite]").ClickAsync();
        await ReadAsync("create invite", "create-invite-dialog");
        await page.Locator("[data-test=create-invite-submit]").ClickAsync();
        await ReadAsync("created invite", "invite-link");
        await page.Locator("[data-test=close-invite-dialog]").ClickAsync();
        await OpenAndCancelAsync("rename", "rename-household", "rename-household-dialog", "cancel-rename");
        await OpenAndCancelAsync("delete", "delete-household", "delete-household-dialog", "cancel-delete-household");
        await OpenAndCancelAsync("make owner", "make-owner", "make-owner-dialog", "cancel-make-owner");
        await OpenAndCancelAsync("remove", "remove-member", "remove-dialog", "cancel-remove");
        await page.Locator("[data-test=revoke-invite]").First.ClickAsync();
        await page.Locator("[data-test^=confirm-]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=invites-announcement]")).Not.ToBeEmptyAsync();
        bare.AddRange(BareText(await page.ContentAsync(), data).Select(text => $"revoked: {text}"));

        bare.ShouldBeEmpty("text outside the resources:\n" + string.Join("\n", bare.Distinct()));
    }

    /// <summary>The app with every resource text wrapped in ⟦…⟧.</summary>
    private Task<TestApp> StartPseudoAppAsync() =>
        TestApp.StartAsync(
            env.Postgres,
            new Dictionary<string, string?> { ["Admin:Emails"] = AdminEmail },
            "pseudo",
            services =>
                services.AddSingleton<IStringLocalizerFactory>(sp => new PseudoLocalizerFactory(
                    new ResourceManagerStringLocalizerFactory(
                        sp.GetRequiredService<IOptions<LocalizationOptions>>(),
                        sp.GetRequiredService<ILoggerFactory>()
                    )
                ))
        );

    private static async Task<HttpResponseMessage> GetInGermanAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Language", "de");
        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public void TheCheck_FindsTextWrittenInTheCode_AndAcceptsResourcesAndData()
    {
        BareText(
                "<html><body><h1>⟦Haushalte⟧</h1><p>⟦Hallo {0}⟧ Fern</p><button title=\"Close\">⟦x⟧</button>"
                    + "<p>⟦Beigetreten am <time>⟦6. Dez.⟧</time>⟧ 0HNQJU14:0007</p></body></html>",
                ["Fern"]
            )
            .ShouldBe(["title=Close"]);
        BareText(
                "<html><body><p>Sign in</p><p lang=\"en\">English</p>"
                    + "<select><option value=\"Europe/Berlin\">Europe/Berlin (UTC+01:00)</option>"
                    + "</select><script>var words = 'ignored';</script></body></html>",
                []
            )
            .ShouldAllBe(found => found.Contains("Sign in"));
        BareText("<html><body><p>⟦Du bist dabei⟧</p><p>You're in</p></body></html>", []).ShouldNotBeEmpty();
    }

    /// <summary>
    /// What a person reads on the page, outside ⟦…⟧, once data is taken out; an entry per piece left. The text is read
    /// in document order across elements, since a resource with a placeholder can hold markup (a bold name, a date);
    /// a wrapped text inside another (a date in a sentence) nests.
    /// </summary>
    private static List<string> BareText(string html, IReadOnlyCollection<string> data)
    {
        var document = new HtmlParser().ParseDocument(html);
        var found = new List<string>();
        var text = new System.Text.StringBuilder();
        foreach (var title in document.Head?.QuerySelectorAll("title") ?? Enumerable.Empty<IElement>())
        {
            Check(title.TextContent, null);
        }

        Read(document.Body!);
        Check(text.ToString(), null);
        return found;

        void Read(INode node)
        {
            if (node is IText piece)
            {
                text.Append(piece.Data);
                return;
            }

            if (node is not IElement element || Skipped(element))
            {
                return;
            }

            foreach (var attribute in new[] { "title", "aria-label", "placeholder", "alt", "aria-description" })
            {
                if (element.GetAttribute(attribute) is { } value)
                {
                    Check(value, attribute);
                }
            }

            foreach (var child in element.ChildNodes)
            {
                Read(child);
            }
        }

        void Check(string value, string? attribute)
        {
            var left = value;
            for (var before = ""; before != left; )
            {
                before = left;
                left = Wrapped().Replace(left, "\u0001");
            }

            left = Link().Replace(left, "\u0001");
            foreach (var item in data.Where(d => d.Length > 0))
            {
                left = left.Replace(item, "\u0001", StringComparison.OrdinalIgnoreCase);
            }

            // Each run of bare text between resources and data, once, for the failure message.
            foreach (
                var run in left.Split('\u0001').Where(r => Word().Matches(r).Any(w => !Untranslated.Contains(w.Value)))
            )
            {
                var shown = Regex.Replace(run, @"\s+", " ").Trim();
                found.Add(attribute is null ? shown : $"{attribute}={shown}");
            }
        }
    }

    /// <summary>Not read: code, and text marked as another language (the language menu names each in itself). Nor
    /// is an option that shows its own value (a time zone id).</summary>
    private static bool Skipped(IElement element) =>
        element.LocalName is "script" or "style" or "template"
        || element.HasAttribute("lang")
        || (
            element.LocalName == "option"
            && element.TextContent.StartsWith(element.GetAttribute("value") ?? "\0", StringComparison.Ordinal)
        );

    /// <summary>Turns two-factor sign-in on for an account the way the account page does: a key, then the switch.
    /// </summary>
    private static async Task TurnOnTwoFactorAsync(TestApp app, string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        (await users.ResetAuthenticatorKeyAsync(user!)).Succeeded.ShouldBeTrue();
        (await users.SetTwoFactorEnabledAsync(user!, true)).Succeeded.ShouldBeTrue();
    }

    [GeneratedRegex("⟦[^⟦⟧]*⟧")]
    private static partial Regex Wrapped();

    /// <summary>An address shown as such (a new invite link): data.</summary>
    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();

    [GeneratedRegex(@"\b\p{L}{2,}\b")]
    private static partial Regex Word();

    /// <summary>Every text from the resources, wrapped; a key without a text stays bare, as the app would show it.
    /// </summary>
    private sealed class PseudoLocalizerFactory(IStringLocalizerFactory inner) : IStringLocalizerFactory
    {
        public IStringLocalizer Create(Type resourceSource) => new PseudoLocalizer(inner.Create(resourceSource));

        public IStringLocalizer Create(string baseName, string location) =>
            new PseudoLocalizer(inner.Create(baseName, location));
    }

    private sealed class PseudoLocalizer(IStringLocalizer inner) : IStringLocalizer
    {
        public LocalizedString this[string name] => Wrap(inner[name]);

        public LocalizedString this[string name, params object[] arguments] => Wrap(inner[name, arguments]);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
            inner.GetAllStrings(includeParentCultures).Select(Wrap);

        private static LocalizedString Wrap(LocalizedString text) =>
            text.ResourceNotFound
                ? text
                : new LocalizedString(text.Name, "⟦" + text.Value + "⟧", false, text.SearchedLocation);
    }
}
