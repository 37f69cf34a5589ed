using System.Net;
using System.Net.Http.Json;
using HouseholdApp.Features.Accounts;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Invites;
using HouseholdApp.Tests.Landing;

namespace HouseholdApp.Tests.Accounts;

/// <summary>One e-mail rule and one password rule, whichever way an account is made.</summary>
public sealed class AccountRulesTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestApp App => env.App;

    [Fact]
    public async Task AnAddressWithSurroundingSpaces_IsTrimmedOnEveryPath_AndSignsInEitherWay()
    {
        var api = TestData.UniqueEmail("api");
        (
            await App.CreateHttpClient()
                .PostAsJsonAsync(
                    "/api/v1/account/register",
                    new { email = $"  {api} ", password = TestData.DefaultPassword },
                    Ct
                )
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        var (_, link) = await App.CreateOwnerWithLinkAsync();
        var invited = TestData.UniqueEmail("invited");
        (
            await App.CreateHttpClient()
                .PostAsJsonAsync(
                    $"/api/v1/invites/{link.Token}/signup",
                    new { email = $" {invited}\t", password = TestData.DefaultPassword },
                    Ct
                )
        ).StatusCode.ShouldBe(HttpStatusCode.Created);
        var page = TestData.UniqueEmail("page");
        (
            await App.CreateBrowserLikeClient()
                .SubmitFormAsync(
                    "/Account/Register",
                    "register",
                    new Dictionary<string, string>
                    {
                        ["Input.Email"] = $" {page} ",
                        ["Input.Password"] = TestData.DefaultPassword,
                        ["Input.ConfirmPassword"] = TestData.DefaultPassword,
                    }
                )
        ).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await using (var db = App.CreateDbContext())
        {
            foreach (var email in new[] { api, invited, page })
            {
                db.Users.Single(u => u.NormalizedEmail == email.ToUpperInvariant()).Email.ShouldBe(email);
            }
        }

        (
            await App.CreateHttpClient()
                .PostAsJsonAsync("/api/v1/account/login", new { email = api, password = TestData.DefaultPassword }, Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        (
            await App.CreateHttpClient()
                .PostAsJsonAsync(
                    "/api/v1/account/login",
                    new { email = $" {invited} ", password = TestData.DefaultPassword },
                    Ct
                )
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        var duplicate = await App.CreateHttpClient()
            .PostAsJsonAsync(
                "/api/v1/account/register",
                new { email = $" {page.ToUpperInvariant()}", password = TestData.DefaultPassword },
                Ct
            );
        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    public static TheoryData<int, bool> Lengths =>
        new()
        {
            { PasswordPolicy.MinLength - 1, false },
            { PasswordPolicy.MinLength, true },
            { PasswordPolicy.MaxLength, true },
            { PasswordPolicy.MaxLength + 1, false },
        };

    [Theory]
    [MemberData(nameof(Lengths))]
    public async Task OnePasswordPolicy_8To128Characters_ForTheIdentityApiTheInviteApiAndBothPages(
        int length,
        bool accepted
    )
    {
        var password = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))));
        var viaApi = await App.CreateHttpClient()
            .PostAsJsonAsync("/api/v1/account/register", new { email = TestData.UniqueEmail("api"), password }, Ct);
        var (_, link) = await App.CreateOwnerWithLinkAsync();
        var viaInvite = await App.CreateHttpClient()
            .PostAsJsonAsync(
                $"/api/v1/invites/{link.Token}/signup",
                new { email = TestData.UniqueEmail("invite"), password },
                Ct
            );
        var pageEmail = TestData.UniqueEmail("page");
        var viaPage = await App.CreateBrowserLikeClient()
            .SubmitFormAsync(
                "/Account/Register",
                "register",
                new Dictionary<string, string>
                {
                    ["Input.Email"] = pageEmail,
                    ["Input.Password"] = password,
                    ["Input.ConfirmPassword"] = password,
                }
            );
        var invite = await App.CreateInviteAsync();
        var landingEmail = TestData.UniqueEmail("landing");
        var viaLanding = await App.CreateBrowserLikeClient()
            .SubmitFormAsync(
                invite.Path,
                "invite-signup",
                new Dictionary<string, string>
                {
                    ["Input.Email"] = landingEmail,
                    ["Input.Password"] = password,
                    ["Input.ConfirmPassword"] = password,
                }
            );

        viaApi.StatusCode.ShouldBe(accepted ? HttpStatusCode.OK : HttpStatusCode.BadRequest);
        viaInvite.StatusCode.ShouldBe(accepted ? HttpStatusCode.Created : HttpStatusCode.BadRequest);
        (await App.UserExistsAsync(pageEmail)).ShouldBe(accepted);
        (await App.UserExistsAsync(landingEmail)).ShouldBe(accepted);
        viaPage.StatusCode.ShouldBe(accepted ? HttpStatusCode.Redirect : HttpStatusCode.OK);
        viaLanding.StatusCode.ShouldBe(accepted ? HttpStatusCode.Redirect : HttpStatusCode.OK);
    }
}
