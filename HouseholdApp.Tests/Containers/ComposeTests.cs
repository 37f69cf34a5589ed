using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Containers;

/// <summary>
/// compose.yaml and the Dockerfile's image, run by real Docker with real PostgreSQL: what a self-hoster does on the
/// first day (install, invite someone), on upgrade days (down and up again) and what they may rely on (a non-root,
/// healthy container). The scale profile has its own class, so both run at once.
/// </summary>
public sealed class ComposeTests
{
    // A first start on a busy two-core machine (the suite running beside it) can take minutes.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Install_SignUpThroughAnInvite_ThenDownAndUp_KeepsEverything_AsANonRootHealthyContainer()
    {
        await using var project = await ComposeProject.CreateAsync();
        var watch = Stopwatch.StartNew();
        await project.ComposeAsync("up", "-d");
        await ComposeProject.WaitUntilReadyAsync(project.AppAddress, StartTimeout);
        TestContext.Current.TestOutputHelper?.WriteLine($"compose up to ready: {watch.Elapsed.TotalSeconds:0.0} s");

        // The process runs as the image's user 'app' (1654), not root, and Docker's health check goes through the app.
        var app = await project.ContainerIdAsync("app");
        (await project.DockerAsync("inspect", "--format", "{{.Config.User}}", app)).Trim().ShouldBe("1654");
        (await project.DockerAsync("top", app, "-o", "pid,uid"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])
            .ShouldAllBe(uid => uid == "1654");
        await project.WaitUntilHealthyAsync("app", StartTimeout);

        // The owner signs up, makes a household and a link; someone signs up through the link.
        using var api = new HttpClient { BaseAddress = project.AppAddress };
        var owner = $"owner-{Guid.NewGuid():N}@example.org";
        await SignUpAsync(api, owner);
        await SignInAsync(api, owner);
        var created = await api.PostAsJsonAsync("/api/v1/households", new { name = "Container home" }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var householdId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var link = await api.PostAsJsonAsync($"/api/v1/households/{householdId}/invites", new { }, Ct);
        link.StatusCode.ShouldBe(HttpStatusCode.Created);
        var invite = await link.Content.ReadFromJsonAsync<JsonElement>(Ct);
        invite
            .GetProperty("url")
            .GetString()!
            .ShouldStartWith(
                project.AppAddress.ToString(),
                Case.Sensitive,
                "links are made on App__PublicUrl from .env"
            );
        using var guest = new HttpClient { BaseAddress = project.AppAddress };
        var member = $"member-{Guid.NewGuid():N}@example.org";
        var joined = await guest.PostAsJsonAsync(
            $"/api/v1/invites/{invite.GetProperty("token").GetString()}/signup",
            new { email = member, password = TestData.DefaultPassword },
            Ct
        );
        joined.StatusCode.ShouldBe(HttpStatusCode.Created, await joined.Content.ReadAsStringAsync(Ct));

        // down (containers gone, the volume kept) and up again: the accounts and the household are still there.
        await project.ComposeAsync("down");
        await project.ComposeAsync("up", "-d");
        await ComposeProject.WaitUntilReadyAsync(project.AppAddress, StartTimeout);
        using var again = new HttpClient { BaseAddress = project.AppAddress };
        await SignInAsync(again, member);
        var members = await again.GetFromJsonAsync<JsonElement>($"/api/v1/households/{householdId}/members", Ct);
        members
            .EnumerateArray()
            .Select(m => m.GetProperty("email").GetString())
            .ShouldBe([owner, member], ignoreOrder: true);
    }

    private static async Task SignUpAsync(HttpClient client, string email)
    {
        var register = await client.PostAsJsonAsync(
            "/api/v1/account/register",
            new { email, password = TestData.DefaultPassword },
            Ct
        );
        register.StatusCode.ShouldBe(HttpStatusCode.OK, await register.Content.ReadAsStringAsync(Ct));
    }

    private static async Task SignInAsync(HttpClient client, string email)
    {
        var login = await client.PostAsJsonAsync(
            "/api/v1/account/login",
            new { email, password = TestData.DefaultPassword },
            Ct
        );
        login.StatusCode.ShouldBe(HttpStatusCode.OK, await login.Content.ReadAsStringAsync(Ct));
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }
}
