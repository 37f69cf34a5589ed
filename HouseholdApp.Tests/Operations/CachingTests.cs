using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Operations;

/// <summary>No cache keeps a response with a token, a code or personal data; health probes only read.</summary>
public sealed class CachingTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void ShouldBeNoStore(HttpResponseMessage response, string what) =>
        response.Headers.CacheControl.ShouldNotBeNull(what).NoStore.ShouldBeTrue(what);

    [Fact]
    public async Task ResponsesWithTokensCodesOrPersonalData_AreNoStore()
    {
        var app = env.App;
        var owner = await app.CreateUserAsync("cache", withPassword: true);
        var householdId = await owner.CreateHouseholdAsync("Cache House");
        var anonymous = app.CreateHttpClient();

        var login = await anonymous.PostAsJsonAsync(
            "/api/v1/account/login",
            new { email = owner.Email, password = TestData.DefaultPassword },
            Ct
        );
        ShouldBeNoStore(login, "API sign-in");
        var refreshToken = (await login.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("refreshToken")
            .GetString();
        ShouldBeNoStore(
            await anonymous.PostAsJsonAsync("/api/v1/account/refresh", new { refreshToken }, Ct),
            "API refresh"
        );
        ShouldBeNoStore(
            await owner.Client.PostAsJsonAsync($"/api/v1/households/{householdId}/invites", new { }, Ct),
            "invite creation"
        );
        ShouldBeNoStore(await owner.Client.GetAsync($"/api/v1/households/{householdId}/members", Ct), "member list");
        ShouldBeNoStore(await owner.Client.GetAsync("/api/v1/account/manage/info", Ct), "API account info");

        var browser = await app.SignedInBrowserClientAsync(owner);
        foreach (
            var page in new[]
            {
                "/Account/Manage",
                "/Account/Manage/Email",
                "/Account/Manage/ChangePassword",
                $"/households/{householdId}",
                "/households",
            }
        )
        {
            var response = await browser.GetAsync(page, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, page);
            ShouldBeNoStore(response, page);
        }

        foreach (
            var page in new[]
            {
                "/Account/Login",
                "/Account/ConfirmEmail?userId=u&code=c",
                "/Account/ConfirmEmailChange?userId=u&email=a%40b.org&code=c",
                "/Account/ResetPassword?userId=u&code=Yw",
                "/Account/RegisterConfirmation",
            }
        )
        {
            ShouldBeNoStore(await anonymous.GetAsync(page, Ct), page);
        }
    }

    [Fact]
    public async Task StaticAssets_KeepTheirOwnCachePolicy()
    {
        var css = await env.App.CreateHttpClient().GetAsync("/app.css", Ct);

        css.StatusCode.ShouldBe(HttpStatusCode.OK);
        css.Headers.CacheControl.ShouldNotBeNull().NoStore.ShouldBeFalse();
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthProbes_AnswerGetAndHeadOnly(string path)
    {
        var client = env.App.CreateHttpClient();
        (await client.GetAsync(path, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
        {
            var response = await client.SendAsync(new HttpRequestMessage(method, path), Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed, method.Method);
        }
    }
}
