using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Bunit;
using HouseholdApp.Common;
using HouseholdApp.Components.Account;
using HouseholdApp.Components.Account.Pages;
using HouseholdApp.Components.Layout;
using HouseholdApp.Tests.Components;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Tests.Accounts;

/// <summary>Signing up and signing in for a reader who speaks German: pages, messages, Identity's rules, the
/// API.</summary>
public sealed class AccountLanguageTests(TestEnvironment env)
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private HttpClient GermanBrowser()
    {
        var client = env.App.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("de"));
        return client;
    }

    [Fact]
    public async Task LoginPage_InGerman_HasGermanHeadingLabelsAndButtons()
    {
        var html = PageText.MainContent(await GermanBrowser().GetStringAsync("/Account/Login", Ct));
        var text = Read(html);

        html.ShouldContain(">Anmelden</h1>");
        html.ShouldContain("for=\"login-email\">E-Mail</label>");
        html.ShouldContain("for=\"login-password\">Passwort</label>");
        text.ShouldContain("Angemeldet bleiben");
        text.ShouldContain("Mit einem Passkey anmelden");
        text.ShouldContain("Passkeys brauchen JavaScript.");
        text.ShouldContain("Neu hier? Konto erstellen");
        text.ShouldNotContain("Keep me signed in");
        text.ShouldNotContain("Sign in");
    }

    [Fact]
    public async Task RegisterPage_InGerman_HasGermanHeadingLabelsAndButtons()
    {
        var page = await GermanBrowser().GetStringAsync("/Account/Register", Ct);
        var text = Read(PageText.MainContent(page));

        page.ShouldContain("<title>Konto erstellen · HouseholdApp</title>");
        text.ShouldContain("Konto erstellen E-Mail");
        text.ShouldContain("Dein Name (optional)");
        text.ShouldContain("Mindestens 8 Zeichen.");
        text.ShouldContain("Passwort bestätigen");
        text.ShouldContain("Du hast schon ein Konto? Anmelden");
        text.ShouldNotContain("Create account");
        text.ShouldNotContain("Confirm password");
    }

    [Fact]
    public async Task LoginPage_WrongPasswordInGerman_SaysSoInGermanAsAnError()
    {
        var user = await env.App.CreateUserAsync("falsch", withPassword: true);

        var response = await GermanBrowser()
            .SubmitFormAsync(
                "/Account/Login",
                "login",
                new Dictionary<string, string>
                {
                    ["Input.Email"] = user.Email,
                    ["Input.Password"] = "nicht-das-passwort",
                }
            );

        var html = await response.Content.ReadAsStringAsync(Ct);
        Read(html)
            .ShouldContain(
                "Fehler: Diese E-Mail-Adresse und dieses Passwort passen zu keinem Konto. "
                    + "Nach mehreren Fehlversuchen pausiert die Anmeldung für ein paar Minuten."
            );
        html.ShouldContain("mud-alert-text-error");
        html.ShouldNotContain("do not match an account");
    }

    [Fact]
    public async Task RegisterPage_MissingFieldsInGerman_ShowGermanValidationMessages()
    {
        var response = await GermanBrowser()
            .SubmitFormAsync(
                "/Account/Register",
                "register",
                new Dictionary<string, string>
                {
                    ["Input.Email"] = "",
                    ["Input.Password"] = "",
                    ["Input.ConfirmPassword"] = "x",
                }
            );

        var text = Read(await response.Content.ReadAsStringAsync(Ct));
        text.ShouldContain("Gib deine E-Mail-Adresse ein.");
        text.ShouldContain("Wähle ein Passwort.");
        text.ShouldContain("Die beiden Passwörter stimmen nicht überein.");
    }

    [Fact]
    public async Task RegisterApi_ShortPassword_TellsIdentitysRuleInTheReadersLanguage_WithTheSameCodes()
    {
        var email = TestData.UniqueEmail("kurz");
        var english = await env
            .App.CreateHttpClient()
            .PostAsJsonAsync("/api/v1/account/register", new { email, password = "kurz7!" }, Ct);
        var german = GermanApi();

        var response = await german.PostAsJsonAsync("/api/v1/account/register", new { email, password = "kurz7!" }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.CodeAsync()).ShouldBe(await english.CodeAsync());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem
            .GetProperty("errors")
            .GetProperty("PasswordTooShort")[0]
            .GetString()
            .ShouldBe("Passwörter müssen mindestens 8 Zeichen lang sein.");
        var englishProblem = await english.Content.ReadFromJsonAsync<JsonElement>(Ct);
        englishProblem
            .GetProperty("errors")
            .GetProperty("PasswordTooShort")[0]
            .GetString()
            .ShouldBe("Passwords must be at least 8 characters.");
    }

    [Fact]
    public async Task RegisterApi_InvalidAddressInGerman_HasAGermanDetail_AndTheSameCode()
    {
        var response = await GermanApi()
            .PostAsJsonAsync(
                "/api/v1/account/register",
                new { email = "keine-adresse", password = TestData.DefaultPassword },
                Ct
            );

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_email");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("detail").GetString().ShouldStartWith("Gib eine gültige E-Mail-Adresse ein");
        problem
            .GetProperty("errors")
            .GetProperty("email")[0]
            .GetString()
            .ShouldStartWith("Gib eine gültige E-Mail-Adresse ein");
    }

    [Fact]
    public void ErrorDescriber_CoversEveryIdentityMessage_EnglishAsIdentitySaysIt_GermanOfItsOwn()
    {
        var texts = new ServiceCollection()
            .AddLogging()
            .AddTexts()
            .BuildServiceProvider()
            .GetRequiredService<AccountTexts>();
        var describer = new AccountErrorDescriber(texts);
        var methods = typeof(IdentityErrorDescriber)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.IsVirtual && m.ReturnType == typeof(IdentityError))
            .ToList();
        methods.Count.ShouldBeGreaterThan(20);

        foreach (var method in methods)
        {
            typeof(AccountErrorDescriber)
                .GetMethod(method.Name, [.. method.GetParameters().Select(p => p.ParameterType)])!
                .DeclaringType.ShouldBe(typeof(AccountErrorDescriber), method.Name);
            object?[] arguments =
            [
                .. method.GetParameters().Select(p => p.ParameterType == typeof(int) ? (object)8 : "name@example.org"),
            ];
            var identity = (IdentityError)method.Invoke(new IdentityErrorDescriber(), arguments)!;
            IdentityError english,
                german;
            using (Culture("en"))
            {
                english = (IdentityError)method.Invoke(describer, arguments)!;
            }

            using (Culture("de"))
            {
                german = (IdentityError)method.Invoke(describer, arguments)!;
            }

            english.Code.ShouldBe(identity.Code);
            german.Code.ShouldBe(identity.Code);
            english.Description.ShouldBe(identity.Description, method.Name);
            german.Description.ShouldNotBe(identity.Description, method.Name);
        }
    }

    [Fact]
    public async Task LockoutPage_InGerman_SaysHowLongInGerman()
    {
        using var german = Culture("de");
        await using var ctx = ComponentTestContext.Create();
        ctx.Services.AddSingleton(
            Options.Create(new IdentityOptions { Lockout = { DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5) } })
        );

        var cut = ctx.Render<Lockout>();

        cut.Find("h1").Text().ShouldBe("Dieses Konto ist für eine Weile gesperrt");
        cut.Find("[data-test=lockout-duration]").Text().ShouldBe("Versuch es in 5 Minuten noch einmal.");
        cut.Find("[data-test=lockout-signin]").Text().ShouldBe("Zurück zur Anmeldung");
    }

    private HttpClient GermanApi()
    {
        var client = env.App.CreateHttpClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("de"));
        return client;
    }

    // What a person reads: Blazor writes letters beyond ASCII as character references.
    private static string Read(string html) => WebUtility.HtmlDecode(PageText.VisibleText(html));

    private static IDisposable Culture(string name) => LanguagePreference.Use(CultureInfo.GetCultureInfo(name));
}
