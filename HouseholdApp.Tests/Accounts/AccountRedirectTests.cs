using System.Net;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Accounts;

/// <summary>Return addresses come from the query string or a form field: anything not local goes home, never a
/// 500.</summary>
public sealed class AccountRedirectTests(TestEnvironment env)
{
    public static TheoryData<string> ForeignReturnUrls =>
        new()
        {
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example/",
            "\\\\evil.example/",
            "/\t/evil.example/",
            "javascript:alert(1)",
        };

    [Theory]
    [MemberData(nameof(ForeignReturnUrls))]
    public async Task LoginPage_WithAForeignReturnUrl_SignsInAndStaysOnThisSite(string returnUrl)
    {
        var user = await env.App.CreateUserAsync("redirect", withPassword: true);
        var client = env.App.CreateBrowserLikeClient();

        var login = await client.SubmitFormAsync(
            "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl),
            "login",
            new Dictionary<string, string>
            {
                ["Input.Email"] = user.Email,
                ["Input.Password"] = TestData.DefaultPassword,
            }
        );

        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = new Uri(env.App.BaseAddress, login.Headers.Location!);
        location.Authority.ShouldBe(env.App.BaseAddress.Authority);
        var home = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        home.ShouldContain(TestData.DefaultDisplayName(user.Email));
    }

    [Theory]
    [InlineData("/\t/evil.example/")]
    [InlineData("/\r\n/evil.example/")]
    public async Task Logout_WithAControlCharacterInTheReturnUrl_SignsOutAndGoesHome(string returnUrl)
    {
        var user = await env.App.CreateUserAsync("logout", withPassword: true);
        var client = env.App.CreateBrowserLikeClient();
        var login = await client.SubmitFormAsync(
            "/Account/Login",
            "login",
            new Dictionary<string, string>
            {
                ["Input.Email"] = user.Email,
                ["Input.Password"] = TestData.DefaultPassword,
            }
        );
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var logout = await client.SubmitFormAsync(
            "/",
            "action:Account/Logout",
            new Dictionary<string, string> { ["returnUrl"] = returnUrl }
        );

        logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        logout.Headers.Location!.ToString().ShouldBe("/");
        var afterwards = await client.GetAsync("/households", TestContext.Current.CancellationToken);
        afterwards.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        afterwards.Headers.Location!.ToString().ShouldContain("/Account/Login");
    }
}
