using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Tests.Infrastructure;
using Npgsql;

namespace HouseholdApp.Tests.Deployment;

/// <summary>scripts/backup.sh and scripts/restore.sh on real PostgreSQL, with the client tools an operator
/// has.</summary>
public sealed class BackupRestoreTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BackupThenRestoreIntoAnEmptyDatabase_BringsBackAccountsHouseholdsInvites_AndSignInCookies()
    {
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"householdapp-backup-{Guid.NewGuid():N}.dump");
        Cookie authCookie;
        TestUser owner;
        Guid householdId;
        TestInvite link;
        await using (var before = await TestApp.StartAsync(env.Postgres, prefix: "backup"))
        {
            owner = await before.CreateUserAsync("backup-owner", withPassword: true);
            householdId = await owner.CreateHouseholdAsync("Backed-up home");
            link = await owner.CreateLinkAsync(householdId);
            authCookie = await SignInWithCookieAsync(before, owner.Email);

            // By the app's own setting, as an operator's .env has it.
            await Scripts.RunCheckedAsync(
                "bash",
                [Scripts.Path("backup.sh"), file],
                new Dictionary<string, string?> { ["ConnectionStrings__Default"] = before.ConnectionString }
            );
        }

        try
        {
            // Into a fresh, empty database, found through the standard PG* variables this time.
            var target = new NpgsqlConnectionStringBuilder(await env.Postgres.CreateEmptyDatabaseAsync("restored"));
            await Scripts.RunCheckedAsync(
                "bash",
                [Scripts.Path("restore.sh"), file],
                new Dictionary<string, string?>
                {
                    ["PGHOST"] = target.Host,
                    ["PGPORT"] = target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["PGDATABASE"] = target.Database,
                    ["PGUSER"] = target.Username,
                    ["PGPASSWORD"] = target.Password,
                }
            );

            await using var after = new TestApp(target.ConnectionString);
            after.StartServer();

            // The cookie issued before the backup still signs in: the key ring came back with the data.
            var cookies = new CookieContainer();
            cookies.Add(after.BaseAddress, new Cookie(authCookie.Name, authCookie.Value));
            using var browser = new HttpClient(
                new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }
            )
            {
                BaseAddress = after.BaseAddress,
            };
            var page = await browser.GetAsync("/households", Ct);
            page.StatusCode.ShouldBe(HttpStatusCode.OK, "the old sign-in cookie no longer signs in");

            // The account (its password), its household and the link are all back.
            using var api = after.CreateHttpClient();
            var login = await api.PostAsJsonAsync(
                "/api/v1/account/login",
                new { email = owner.Email, password = TestData.DefaultPassword },
                Ct
            );
            login.StatusCode.ShouldBe(HttpStatusCode.OK);
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString();
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var households = await api.GetFromJsonAsync<JsonElement>("/api/v1/households", Ct);
            households.EnumerateArray().ShouldContain(h => h.GetProperty("id").GetGuid() == householdId);
            var invites = await api.GetFromJsonAsync<JsonElement>($"/api/v1/households/{householdId}/invites", Ct);
            invites.EnumerateArray().ShouldContain(i => i.GetProperty("id").GetGuid() == link.Id);
            var lookup = await after
                .CreateHttpClient()
                .GetFromJsonAsync<JsonElement>($"/api/v1/invites/{link.Token}", Ct);
            lookup.GetProperty("state").GetString().ShouldBe("valid");
        }
        finally
        {
            File.Delete(file);
            NpgsqlConnection.ClearAllPools();
        }
    }

    private static async Task<Cookie> SignInWithCookieAsync(TestApp app, string email)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(
            new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }
        )
        {
            BaseAddress = app.BaseAddress,
        };
        var login = await client.PostAsJsonAsync(
            "/api/v1/account/login?useCookies=true",
            new { email, password = TestData.DefaultPassword },
            Ct
        );
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/households", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return cookies.GetCookies(app.BaseAddress).Single(c => c.Name == "HouseholdApp.Auth");
    }
}
