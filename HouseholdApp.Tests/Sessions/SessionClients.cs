using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Sessions;

/// <summary>The clients session tests hold: browsers signed in by the form, copies of their cookies, API
/// tokens.</summary>
internal static class SessionClients
{
    public const string AuthCookie = "HouseholdApp.Auth";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed record Tokens(string AccessToken, string RefreshToken);

    /// <summary>A browser session through the login form; returns its client and its cookie, to copy.</summary>
    public static async Task<(HttpClient Client, string Cookie)> SignInAsync(
        TestApp app,
        string email,
        string password = TestData.DefaultPassword,
        string? userAgent = null
    )
    {
        var cookies = new CookieContainer();
        var client = app.CreateBrowserLikeClient(cookies);
        if (userAgent is not null)
        {
            client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        }

        var login = await client.SubmitFormAsync(
            "/Account/Login",
            "login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password }
        );
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"app errors: {app.RecentErrors()}");
        var cookie = cookies.GetCookies(app.BaseAddress)[AuthCookie].ShouldNotBeNull();
        return (client, cookie.Value);
    }

    /// <summary>A client that sends only a copy of the cookie, as someone who stole it would.</summary>
    public static HttpClient CopiedCookieClient(TestApp app, string cookie)
    {
        var client = app.CreateHttpClient();
        client.DefaultRequestHeaders.Add("Cookie", $"{AuthCookie}={cookie}");
        return client;
    }

    public static async Task<bool> IsSignedInAsync(HttpClient client) =>
        (await client.GetAsync("/households", Ct)).StatusCode == HttpStatusCode.OK;

    public static async Task<Tokens> ApiLoginAsync(
        TestApp app,
        string email,
        string password = TestData.DefaultPassword
    )
    {
        var login = await app.CreateHttpClient().PostAsJsonAsync("/api/v1/account/login", new { email, password }, Ct);
        login.StatusCode.ShouldBe(HttpStatusCode.OK, await login.Content.ReadAsStringAsync(Ct));
        return (await login.Content.ReadFromJsonAsync<Tokens>(Ct))!;
    }

    public static HttpClient BearerClient(TestApp app, string accessToken)
    {
        var client = app.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public static async Task<HttpStatusCode> ApiStatusAsync(TestApp app, string accessToken) =>
        (await BearerClient(app, accessToken).GetAsync("/api/v1/households", Ct)).StatusCode;

    public static async Task<HttpResponseMessage> RefreshAsync(TestApp app, string refreshToken) =>
        await app.CreateHttpClient().PostAsJsonAsync("/api/v1/account/refresh", new { refreshToken }, Ct);
}
