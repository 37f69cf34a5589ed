using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Features.Email;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Features.Sessions;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Accounts;

/// <summary>Delete my account and download my data (SPEC section 10).</summary>
public sealed class AccountDeletionTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestApp App => env.App;

    private static HttpRequestMessage DeleteRequest(string? password) =>
        new(HttpMethod.Delete, "/api/v1/account")
        {
            Content = password is null ? null : JsonContent.Create(new { password }),
        };

    /// <summary>Every table of the database and how many of its rows mention <paramref name="needles"/> anywhere (as
    /// the row's text: every column, ids and addresses alike).</summary>
    private async Task<Dictionary<string, int>> RowsMentioningAsync(params string[] needles)
    {
        await using var db = App.CreateDbContext();
        var tables = await db
            .Database.SqlQuery<string>(
                $"""
                SELECT table_name AS "Value" FROM information_schema.tables
                WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
                """
            )
            .ToListAsync(Ct);
        tables.ShouldContain("users");
        tables.ShouldContain("household_activity");
        var counts = new Dictionary<string, int>();
        foreach (var table in tables)
        {
            var sql =
                $"SELECT count(*)::int AS \"Value\" FROM \"{table}\" AS r WHERE "
                + string.Join(" OR ", needles.Select((_, i) => $"position(lower({{{i}}}) in lower(r::text)) > 0"));
#pragma warning disable EF1002 // Table names come from the database's own catalogue; the needles are parameters.
            counts[table] = (await db.Database.SqlQueryRaw<int>(sql, [.. needles]).ToListAsync(Ct)).Single();
#pragma warning restore EF1002
        }

        return counts;
    }

    [Fact]
    public async Task Delete_LeavesNoRowNamingThePerson_KeepsSharedHouseholds_AndRevokesTheirLinks()
    {
        var person = await App.CreateUserAsync("leaving", withPassword: true);
        var other = await App.CreateUserAsync("staying");
        var solo = await person.CreateHouseholdAsync("Only mine");
        var soloLink = await person.CreateLinkAsync(solo);
        var shared = await App.CreateHouseholdAsync(
            "Shared flat",
            (other.UserId, HouseholdRole.Owner),
            (person.UserId, HouseholdRole.Owner)
        );
        var personsLink = await person.CreateLinkAsync(shared, new { maxUses = 5, label = "for friends" });
        var othersHousehold = await other.CreateHouseholdAsync("Joined through a link");
        var othersLink = await other.CreateLinkAsync(othersHousehold);
        (await person.Client.PostAsync($"/api/v1/invites/{othersLink.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<HouseholdApp.Data.ApplicationUser>>();
            var user = (await users.FindByIdAsync(person.UserId))!;
            (
                await users.AddLoginAsync(user, new UserLoginInfo("test-provider", "key-" + person.UserId, "Test"))
            ).Succeeded.ShouldBeTrue();
            (
                await users.AddClaimAsync(user, new System.Security.Claims.Claim("test", person.Email))
            ).Succeeded.ShouldBeTrue();
            (
                await users.SetAuthenticationTokenAsync(user, "test-provider", "token", "secret")
            ).Succeeded.ShouldBeTrue();
            await using var db = App.CreateDbContext();
            db.Add(
                new OutboxMessage
                {
                    Id = Guid.NewGuid(),
                    To = person.Email.ToUpperInvariant(),
                    Subject = "Reset",
                    Body = "x",
                }
            );
            db.Add(
                new OutboxMessage
                {
                    Id = Guid.NewGuid(),
                    To = "friend@example.org",
                    Subject = "An invitation",
                    SenderUserId = person.UserId,
                }
            );
            await db.SaveChangesAsync(Ct);
        }

        (await RowsMentioningAsync(person.UserId, person.Email))
            .Where(t => t.Value > 0)
            .Select(t => t.Key)
            .ShouldBeSubsetOf([
                "users",
                "user_logins",
                "user_claims",
                "user_tokens",
                "user_sessions",
                "memberships",
                "invites",
                "invite_redemptions",
                "household_activity",
                "email_outbox",
            ]);

        var response = await person.Client.SendAsync(DeleteRequest(TestData.DefaultPassword), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync(Ct));
        (await RowsMentioningAsync(person.UserId, person.Email)).Where(t => t.Value > 0).ShouldBeEmpty();
        await using var after = App.CreateDbContext();
        (await after.Households.AnyAsync(h => h.Id == solo, Ct)).ShouldBeFalse();
        (await after.Invites.AnyAsync(i => i.Id == soloLink.Id, Ct)).ShouldBeFalse();
        (await App.MembersAsync(shared)).ShouldBe([$"{other.UserId}:Owner"]);
        (await App.MembersAsync(othersHousehold)).ShouldBe([$"{other.UserId}:Owner"]);
        var link = await after.Invites.SingleAsync(i => i.Id == personsLink.Id, Ct);
        (link.RevokedAt is not null, link.RevokedReason, link.CreatedByUserId).ShouldBe(
            (true, InviteRevokedReason.CreatorLeft, null)
        );
        await (await App.CreateHttpClient().GetAsync($"/api/v1/invites/{personsLink.Token}", Ct)).ShouldBeProblemAsync(
            HttpStatusCode.Gone,
            "invite_revoked"
        );

        var activity = await other.Client.GetFromJsonAsync<JsonElement>($"/api/v1/households/{shared}/activity", Ct);
        var texts = activity.EnumerateArray().Select(e => e.GetProperty("text").GetString()).ToList();
        texts.ShouldContain("A former member left the household");
        texts.ShouldContain("A former member created the link “for friends”");
        texts.ShouldContain("The link “for friends” was revoked: its creator left the household");
        var joined = await other.Client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/households/{othersHousehold}/activity",
            Ct
        );
        joined
            .EnumerateArray()
            .Select(e => e.GetProperty("text").GetString())
            .ShouldContain("A former member joined through a link");
    }

    [Fact]
    public async Task Delete_WhenTheOnlyOwnerOfAHouseholdWithOthers_IsRefusedByApiAndPage_AndNothingChanges()
    {
        var (browser, person) = await App.SignedInClientAsync("owner");
        var bearer = await App.CreateUserAsync("unused");
        var household = await App.CreateHouseholdAsync(
            "Busy house",
            (person.UserId, HouseholdRole.Owner),
            (bearer.UserId, HouseholdRole.Member)
        );
        var alone = await App.CreateHouseholdAsync("Quiet house", (person.UserId, HouseholdRole.Owner));
        var before = await RowsMentioningAsync(person.UserId);

        var response = await person.Client.SendAsync(DeleteRequest(TestData.DefaultPassword), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "sole_owner");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        problem
            .GetProperty("households")
            .EnumerateArray()
            .Select(h => (h.GetProperty("id").GetGuid(), h.GetProperty("name").GetString()))
            .ShouldBe([(household, "Busy house")]);
        (await RowsMentioningAsync(person.UserId)).ShouldBe(before);
        (await App.MembersAsync(alone)).ShouldBe([$"{person.UserId}:Owner"]);

        var page = await (await browser.GetAsync("/Account/Manage/DeleteAccount", Ct)).Content.ReadAsStringAsync(Ct);
        page.ShouldContain($"href=\"households/{household}\"");
        page.ShouldContain("data-test=\"sole-owner-household\"");
        page.ShouldNotContain("data-test=\"delete-account-form\"");
    }

    [Fact]
    public async Task Delete_WithAWrongPassword_InGerman_ExplainsInGerman_WithTheSameCode()
    {
        var (browser, person) = await App.SignedInClientAsync("vorsichtig");
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var request = DeleteRequest("not-the-password");
        request.Headers.AcceptLanguage.ParseAdd("de");

        var api = await person.Client.SendAsync(request, Ct);
        var form = await browser.SubmitFormAsync(
            "/Account/Manage/DeleteAccount",
            "delete-account",
            new Dictionary<string, string> { ["Input.Password"] = "not-the-password" }
        );

        await api.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "wrong_password");
        using var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync(Ct));
        problem
            .RootElement.GetProperty("detail")
            .GetString()
            .ShouldBe("Das ist nicht dein aktuelles Passwort. Es wurde nichts gelöscht.");
        problem
            .RootElement.GetProperty("errors")
            .GetProperty("password")[0]
            .GetString()
            .ShouldBe("Das ist nicht dein aktuelles Passwort. Es wurde nichts gelöscht.");
        var html = WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync(Ct));
        html.ShouldContain("Das ist nicht dein aktuelles Passwort. Es wurde nichts gelöscht.");
        html.ShouldContain("Mein Konto löschen");
    }

    [Fact]
    public async Task Delete_WithAWrongPassword_IsAFriendlyError_AndNothingChanges()
    {
        var (browser, person) = await App.SignedInClientAsync("careful");
        await person.CreateHouseholdAsync("Still here");
        var before = await RowsMentioningAsync(person.UserId);

        var api = await person.Client.SendAsync(DeleteRequest("not-the-password"), Ct);
        var missing = await person.Client.SendAsync(DeleteRequest(null), Ct);
        var form = await browser.SubmitFormAsync(
            "/Account/Manage/DeleteAccount",
            "delete-account",
            new Dictionary<string, string> { ["Input.Password"] = "not-the-password" }
        );

        await api.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "wrong_password");
        await missing.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "wrong_password");
        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await form.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("data-test=\"delete-password-error\"");
        html.ShouldContain("That is not your current password. Nothing was deleted.");
        (await RowsMentioningAsync(person.UserId)).ShouldBe(before);
    }

    [Fact]
    public async Task Delete_WhenPostgreSqlAbortsEveryAttemptAsADeadlock_Answers503ToRetry_AndNothingChanges()
    {
        var (browser, person) = await App.SignedInClientAsync("unlucky");
        await person.CreateHouseholdAsync("Still standing");
        var before = await RowsMentioningAsync(person.UserId);

        HttpResponseMessage api,
            form;
        await using (await App.FailAccountDeletesAsDeadlocksAsync(person.UserId))
        {
            api = await person.Client.SendAsync(DeleteRequest(TestData.DefaultPassword), Ct);
            form = await browser.SubmitFormAsync(
                "/Account/Manage/DeleteAccount",
                "delete-account",
                new Dictionary<string, string> { ["Input.Password"] = TestData.DefaultPassword }
            );
        }

        await api.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "database_unavailable");
        api.Headers.RetryAfter.ShouldNotBeNull();
        form.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await form.Content.ReadAsStringAsync(Ct)).ShouldContain("Nothing you entered was lost or half-saved.");
        (await RowsMentioningAsync(person.UserId)).ShouldBe(before);
        (await person.Client.GetAsync("/api/v1/households", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delete_WithoutAPassword_NeedsASignInOfTheLastFiveMinutes()
    {
        var person = await App.CreateUserAsync("passkey-only");
        await using (var db = App.CreateDbContext())
        {
            await db.Set<UserSession>()
                .Where(s => s.UserId == person.UserId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-6)), Ct);
        }

        var old = await person.Client.SendAsync(DeleteRequest(null), Ct);

        await old.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "reauthentication_required");
        (await App.UserExistsAsync(person.Email)).ShouldBeTrue();
        await using (var db = App.CreateDbContext())
        {
            await db.Set<UserSession>()
                .Where(s => s.UserId == person.UserId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-4)), Ct);
        }

        (await person.Client.SendAsync(DeleteRequest(null), Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await App.UserExistsAsync(person.Email)).ShouldBeFalse();
    }

    [Fact]
    public async Task DeleteThroughThePage_SignsOut_SaysSoAtHome_AndTheCopiedCookieAndTokenStopWorking()
    {
        var person = await App.CreateUserAsync("leaving", withPassword: true);
        var cookies = new CookieContainer();
        var browser = App.CreateBrowserLikeClient(cookies);
        (
            await browser.SubmitFormAsync(
                "/Account/Login",
                "login",
                new Dictionary<string, string>
                {
                    ["Input.Email"] = person.Email,
                    ["Input.Password"] = TestData.DefaultPassword,
                }
            )
        ).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = cookies.GetCookieHeader(App.BaseAddress);
        (await CopiedCookieClient(cookie).GetAsync("/Account/Manage", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var form = await browser.SubmitFormAsync(
            "/Account/Manage/DeleteAccount",
            "delete-account",
            new Dictionary<string, string> { ["Input.Password"] = TestData.DefaultPassword }
        );

        form.StatusCode.ShouldBe(HttpStatusCode.Redirect, await form.Content.ReadAsStringAsync(Ct));
        new Uri(App.BaseAddress, form.Headers.Location!).AbsolutePath.ShouldBe("/");
        var home = await (await browser.GetAsync("/", Ct)).Content.ReadAsStringAsync(Ct);
        home.ShouldContain("Your account has been deleted.");
        home.ShouldContain("data-test=\"home-signed-out\"");
        (await App.UserExistsAsync(person.Email)).ShouldBeFalse();
        var copied = await CopiedCookieClient(cookie).GetAsync("/Account/Manage", Ct);
        copied.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        copied.Headers.Location!.ToString().ShouldContain("/Account/Login");
        (await person.Client.GetAsync("/api/v1/households", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private HttpClient CopiedCookieClient(string cookie)
    {
        var client = App.CreateHttpClient();
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    [Fact]
    public async Task Delete_RacingTheOtherOwnerLeaving_NeverLeavesAHouseholdWithoutAnOwner()
    {
        for (var round = 0; round < 5; round++)
        {
            var person = await App.CreateUserAsync("racer", withPassword: true);
            var other = await App.CreateUserAsync("co-owner");
            var member = await App.CreateUserAsync("member");
            var household = await App.CreateHouseholdAsync(
                "Raced house",
                (person.UserId, HouseholdRole.Owner),
                (other.UserId, HouseholdRole.Owner),
                (member.UserId, HouseholdRole.Member)
            );

            var deleting = person.Client.SendAsync(DeleteRequest(TestData.DefaultPassword), Ct);
            var leaving = other.Client.DeleteAsync($"/api/v1/households/{household}/members/{other.UserId}", Ct);
            var (deleted, left) = ((await deleting).StatusCode, (await leaving).StatusCode);

            (deleted, left).ShouldBeOneOf(
                (HttpStatusCode.NoContent, HttpStatusCode.Conflict),
                (HttpStatusCode.Conflict, HttpStatusCode.NoContent)
            );
            (await App.OwnerCountAsync(household)).ShouldBe(1);
            (await App.UserExistsAsync(person.Email)).ShouldBe(deleted != HttpStatusCode.NoContent);
        }
    }

    [Fact]
    public async Task PersonalData_HoldsEverySection_AndNoSecret()
    {
        var (browser, person) = await App.SignedInClientAsync("curious");
        var household = await person.CreateHouseholdAsync("Data house");
        var link = await person.CreateLinkAsync(household, new { label = "for Mum" });
        await using var db = App.CreateDbContext();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == person.UserId, Ct);
        var hash = await db.Invites.Where(i => i.Id == link.Id).Select(i => i.TokenHash).SingleAsync(Ct);

        var api = await person.Client.GetAsync("/api/v1/account/personal-data", Ct);
        var page = await browser.SubmitFormAsync(
            "/Account/Manage/PersonalData",
            "action:Account/Manage/PersonalData/Download",
            new Dictionary<string, string>()
        );

        foreach (var response in new[] { api, page })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
            response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
            var text = await response.Content.ReadAsStringAsync(Ct);
            var json = JsonDocument.Parse(text).RootElement;
            json.EnumerateObject()
                .Select(p => p.Name)
                .ShouldBe(
                    [
                        "exportedAt",
                        "profile",
                        "logins",
                        "passkeys",
                        "sessions",
                        "households",
                        "invitesCreated",
                        "activity",
                    ],
                    ignoreOrder: true
                );
            json.GetProperty("profile").GetProperty("email").GetString().ShouldBe(person.Email);
            json.GetProperty("profile")
                .GetProperty("createdAt")
                .GetDateTimeOffset()
                .ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddHours(-1));
            json.GetProperty("households").EnumerateArray().Single().GetProperty("role").GetString().ShouldBe("Owner");
            json.GetProperty("invitesCreated")
                .EnumerateArray()
                .Single()
                .GetProperty("label")
                .GetString()
                .ShouldBe("for Mum");
            json.GetProperty("activity")
                .EnumerateArray()
                .Select(a => a.GetProperty("kind").GetString())
                .ShouldContain("link_created");
            foreach (
                var secret in new[]
                {
                    user.PasswordHash!,
                    user.SecurityStamp!,
                    user.ConcurrencyStamp!,
                    link.Token,
                    Convert.ToBase64String(hash),
                    Convert.ToHexString(hash),
                }
            )
            {
                text.ShouldNotContain(secret, Case.Insensitive);
            }

            text.ShouldNotContain("passwordHash", Case.Insensitive);
            text.ShouldNotContain("securityStamp", Case.Insensitive);
            text.ShouldNotContain("tokenHash", Case.Insensitive);
        }
    }

    [Fact]
    public async Task DeletePage_InABrowser_ExplainsWhatGoes_AndEndsAtHomeSignedOut()
    {
        var person = await App.CreateUserAsync("browser", withPassword: true);
        await person.CreateHouseholdAsync("Mine alone");
        await using var context = await Infrastructure.Browser.NewContextAsync(App);
        var page = await context.NewPageAsync();
        await BrowserFlows.SignInAsync(page, person.Email, "/Account/Manage/DeleteAccount");

        await Assertions.Expect(page.Locator("[data-test=delete-account-effects]")).ToContainTextAsync("Mine alone");
        await Infrastructure.Browser.ScreenshotAsync(page, "account-delete");
        await page.Locator("[data-test=delete-password]").FillAsync("wrong-password-here");
        await page.Locator("[data-test=delete-account]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=delete-password-error]")).ToBeVisibleAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "account-delete-wrong-password");
        await page.Locator("[data-test=delete-password]").FillAsync(TestData.DefaultPassword);
        await page.Locator("[data-test=delete-account]").ClickAsync();

        await Assertions
            .Expect(page.Locator("[data-test=status-message]"))
            .ToContainTextAsync("Your account has been deleted.");
        await Assertions.Expect(page.Locator("[data-test=home-signed-out]")).ToBeVisibleAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "account-deleted-home");
        (await App.UserExistsAsync(person.Email)).ShouldBeFalse();
    }
}
