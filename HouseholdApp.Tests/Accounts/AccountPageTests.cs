using System.Net;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Accounts;

public sealed class AccountPageTests(TestEnvironment env)
{
    private static Dictionary<string, string> RegisterFields(string email, string password, string? confirm = null) =>
        new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirm ?? password,
        };

    [Fact]
    public async Task RegisterPage_CreatesTheAccount_SignsIn_AndGoesToHouseholds()
    {
        var client = env.App.CreateBrowserLikeClient();
        var email = TestData.UniqueEmail("page");

        var response = await client.SubmitFormAsync(
            "/Account/Register",
            "register",
            RegisterFields(email, TestData.DefaultPassword)
        );

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldEndWith("/households");
        var households = await client.GetAsync("/households", TestContext.Current.CancellationToken);
        households.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await households.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain(
            TestData.DefaultDisplayName(email)
        );
    }

    [Fact]
    public async Task RegisterPage_WithoutAntiforgeryToken_IsRejected()
    {
        var client = env.App.CreateBrowserLikeClient();
        var fields = RegisterFields(TestData.UniqueEmail(), TestData.DefaultPassword);
        fields["_handler"] = "register";

        var response = await client.PostAsync(
            "/Account/Register",
            new FormUrlEncodedContent(fields),
            TestContext.Current.CancellationToken
        );

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await using var db = env.App.CreateDbContext();
        db.Users.Count(u => u.Email == fields["Input.Email"]).ShouldBe(0);
    }

    [Fact]
    public async Task RegisterPage_ShortPassword_ShowsTheRuleAndNeverEchoesThePassword()
    {
        var client = env.App.CreateBrowserLikeClient();

        var response = await client.SubmitFormAsync(
            "/Account/Register",
            "register",
            RegisterFields(TestData.UniqueEmail(), "short7!")
        );

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        html.ShouldContain("at least 8");
        html.ShouldNotContain("short7!");
    }

    [Fact]
    public async Task LoginPage_SignsInAnExistingUser_AndSignOutEndsTheSession()
    {
        var user = await env.App.CreateUserAsync("login", withPassword: true);
        var client = env.App.CreateBrowserLikeClient();

        var login = await client.SubmitFormAsync(
            "/Account/Login?ReturnUrl=%2Fhouseholds",
            "login",
            new Dictionary<string, string>
            {
                ["Input.Email"] = user.Email,
                ["Input.Password"] = TestData.DefaultPassword,
            }
        );

        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        login.Headers.Location!.ToString().ShouldEndWith("/households");
        var home = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        home.ShouldContain(TestData.DefaultDisplayName(user.Email));

        var logout = await client.SubmitFormAsync(
            "/",
            "action:Account/Logout",
            new Dictionary<string, string> { ["returnUrl"] = "/" }
        );
        logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var afterwards = await client.GetAsync("/households", TestContext.Current.CancellationToken);
        afterwards.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        afterwards.Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task LoginPage_WrongPassword_SaysSoWithoutRevealingWhetherTheAccountExists()
    {
        var user = await env.App.CreateUserAsync("wrongpw", withPassword: true);
        var client = env.App.CreateBrowserLikeClient();

        var wrongPassword = await client.SubmitFormAsync(
            "/Account/Login",
            "login",
            new Dictionary<string, string> { ["Input.Email"] = user.Email, ["Input.Password"] = "not-the-password" }
        );
        var noSuchUser = await client.SubmitFormAsync(
            "/Account/Login",
            "login",
            new Dictionary<string, string>
            {
                ["Input.Email"] = TestData.UniqueEmail("nobody"),
                ["Input.Password"] = "not-the-password",
            }
        );

        var first = await wrongPassword.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var second = await noSuchUser.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        first.ShouldContain("do not match an account");
        second.ShouldContain("do not match an account");
        first.ShouldNotContain("not-the-password");
    }
}
