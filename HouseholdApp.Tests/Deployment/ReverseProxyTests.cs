using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Invites;
using Microsoft.Playwright;
using Npgsql;

namespace HouseholdApp.Tests.Deployment;

/// <summary>
/// The deployment of deploy/nginx/householdapp.conf, for real: Debian's nginx terminating HTTPS in front of two
/// instances on one database.
/// </summary>
public sealed class ReverseProxyTests(TwoInstancesBehindNginx cluster) : IClassFixture<TwoInstancesBehindNginx>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BehindTheProxy_TheAppSeesHttps_AndItsCookiesAreSecure()
    {
        using var client = cluster.CreateProxyClient();

        var page = await client.GetAsync("/Account/Login", Ct);

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Headers.GetValues(InstanceTag.SeenHeader).Single().ShouldBe("https 127.0.0.1");
        var antiforgery = page
            .Headers.GetValues("Set-Cookie")
            .Single(c => c.StartsWith("HouseholdApp.Antiforgery=", StringComparison.Ordinal));
        antiforgery.ShouldContain("secure", Case.Insensitive);
        page.Headers.GetValues("Set-Cookie")
            .ShouldContain(c =>
                c.StartsWith("householdapp_node=", StringComparison.Ordinal)
                && c.Contains("Secure", StringComparison.Ordinal)
            );

        var email = TestData.UniqueEmail("secure");
        (
            await client.PostAsJsonAsync(
                "/api/v1/account/register",
                new { email, password = TestData.DefaultPassword },
                Ct
            )
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        var login = await client.PostAsJsonAsync(
            "/api/v1/account/login?useCookies=true",
            new { email, password = TestData.DefaultPassword },
            Ct
        );
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        login
            .Headers.GetValues("Set-Cookie")
            .Single(c => c.StartsWith("HouseholdApp.Auth=", StringComparison.Ordinal))
            .ShouldContain("secure", Case.Insensitive);

        // The same app over plain HTTP, straight to an instance: not Secure, since that request is not HTTPS.
        var direct = await cluster.A.CreateHttpClient().GetAsync("/Account/Login", Ct);
        direct
            .Headers.GetValues("Set-Cookie")
            .Single(c => c.StartsWith("HouseholdApp.Antiforgery=", StringComparison.Ordinal))
            .ShouldNotContain("secure", Case.Insensitive);
    }

    [Fact]
    public async Task PlainHttp_IsRedirectedToHttps()
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        var response = await client.GetAsync($"http://localhost:{cluster.Nginx.HttpPort}/households", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.MovedPermanently);
        response.Headers.Location!.ToString().ShouldBe($"https://localhost:{cluster.Nginx.HttpsPort}/households");
    }

    [Fact]
    public async Task InviteLinks_UseThePublicAddress_WhateverHostTheRequestNames()
    {
        var owner = await SignInThroughProxyAsync(await cluster.NodeForAsync("a"));
        var householdId = await owner.CreateHouseholdAsync("Proxy home");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/households/{householdId}/invites")
        {
            Content = JsonContent.Create(new { }),
        };
        request.Headers.Host = "evil.example";

        var response = await owner.Client.SendAsync(request, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("url")
            .GetString()
            .ShouldBe($"{cluster.Nginx.BaseAddress}invites/{body.GetProperty("token").GetString()}");
    }

    [Fact]
    public async Task BlazorsWebSocket_GoesThroughTheProxy()
    {
        var node = await cluster.NodeForAsync("b");
        using var client = cluster.CreateProxyClient(node: node);
        var negotiate = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null, Ct);
        negotiate.StatusCode.ShouldBe(HttpStatusCode.OK);
        var negotiation = await negotiate.Content.ReadFromJsonAsync<JsonElement>(Ct);
        negotiation
            .GetProperty("availableTransports")
            .EnumerateArray()
            .ShouldContain(t => t.GetProperty("transport").GetString() == "WebSockets");
        var token = negotiation.GetProperty("connectionToken").GetString();

        using var socket = new ClientWebSocket();
        socket.Options.Cookies = new CookieContainer();
        socket.Options.Cookies.Add(cluster.Nginx.BaseAddress, new System.Net.Cookie("householdapp_node", node));
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            NginxProxy.IsOurCertificate(certificate as System.Security.Cryptography.X509Certificates.X509Certificate2);
        await socket.ConnectAsync(new Uri($"wss://localhost:{cluster.Nginx.HttpsPort}/_blazor?id={token}"), Ct);
        await socket.SendAsync(
            Encoding.UTF8.GetBytes("{\"protocol\":\"blazorpack\",\"version\":1}\u001e"),
            WebSocketMessageType.Text,
            true,
            Ct
        );
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, Ct);

        // SignalR's handshake answer: an empty JSON object means the hub accepted the connection over the socket.
        Encoding.UTF8.GetString(buffer, 0, received.Count).ShouldBe("{}\u001e");
        socket.State.ShouldBe(WebSocketState.Open);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Ct);
    }

    [Fact]
    public async Task ASignInOnOneInstance_WorksOnTheOther()
    {
        var nodeA = await cluster.NodeForAsync("a");
        var nodeB = await cluster.NodeForAsync("b");
        var email = TestData.UniqueEmail("roaming");
        var cookies = new CookieContainer();
        using (var onA = cluster.CreateProxyClient(cookies, nodeA))
        {
            (
                await onA.PostAsJsonAsync(
                    "/api/v1/account/register",
                    new { email, password = TestData.DefaultPassword },
                    Ct
                )
            ).StatusCode.ShouldBe(HttpStatusCode.OK);
            var login = await onA.PostAsJsonAsync(
                "/api/v1/account/login?useCookies=true",
                new { email, password = TestData.DefaultPassword },
                Ct
            );
            login.StatusCode.ShouldBe(HttpStatusCode.OK);
            login.Headers.GetValues(InstanceTag.InstanceHeader).Single().ShouldBe("a");
        }

        // The same browser, moved to B (its node cookie replaced): B reads A's cookie with the shared key ring.
        cookies.Add(cluster.Nginx.BaseAddress, new System.Net.Cookie("householdapp_node", nodeB));
        using var onB = cluster.CreateProxyClient(cookies);
        var manage = await onB.GetAsync("/Account/Manage", Ct);

        manage.Headers.GetValues(InstanceTag.InstanceHeader).Single().ShouldBe("b");
        manage.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await manage.Content.ReadAsStringAsync(Ct)).ShouldContain(email);

        // A bearer token minted by A is accepted by B too.
        var owner = await SignInThroughProxyAsync(nodeA);
        using var bearerOnB = cluster.CreateProxyClient(node: nodeB);
        bearerOnB.DefaultRequestHeaders.Authorization = owner.Client.DefaultRequestHeaders.Authorization;
        var list = await bearerOnB.GetAsync("/api/v1/households", Ct);
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        list.Headers.GetValues(InstanceTag.InstanceHeader).Single().ShouldBe("b");
    }

    [Fact]
    public async Task AnOwnersPageOnA_ShowsAJoinMadeThroughB_AndARemovedMembersPageOnA_ReactsToARemovalOnB()
    {
        var nodeA = await cluster.NodeForAsync("a");
        var nodeB = await cluster.NodeForAsync("b");
        var ownerOnB = await SignInThroughProxyAsync(nodeB);
        var householdId = await ownerOnB.CreateHouseholdAsync("Across instances");

        await using var ownerBrowser = await Infrastructure.Browser.NewContextAsync(cluster.A, ProxyContext());
        var ownerPage = await OpenHouseholdPageOnAAsync(ownerBrowser, nodeA, ownerOnB.Email, householdId);
        await Assertions.Expect(ownerPage.Locator("[data-test=member-row]")).ToHaveCountAsync(1);

        // Someone joins through B: the owner's page on A lists them without a reload.
        var link = await ownerOnB.CreateLinkAsync(householdId);
        var memberEmail = TestData.UniqueEmail("joiner");
        using var joinOnB = cluster.CreateProxyClient(node: nodeB);
        var signUp = await joinOnB.PostAsJsonAsync(
            $"/api/v1/invites/{link.Token}/signup",
            new { email = memberEmail, password = TestData.DefaultPassword },
            Ct
        );
        signUp.StatusCode.ShouldBe(HttpStatusCode.Created);
        signUp.Headers.GetValues(InstanceTag.InstanceHeader).Single().ShouldBe("b");
        var memberId = (await signUp.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("userId").GetString();
        await Assertions
            .Expect(ownerPage.Locator("[data-test=member-row]"))
            .ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Assertions.Expect(ownerPage.Locator("[data-test=member-list]")).ToContainTextAsync(memberEmail);

        // The new member has the household open on A; the owner removes them through B.
        await using var memberBrowser = await Infrastructure.Browser.NewContextAsync(cluster.A, ProxyContext());
        var memberPage = await OpenHouseholdPageOnAAsync(memberBrowser, nodeA, memberEmail, householdId);
        var removal = await ownerOnB.Client.DeleteAsync($"/api/v1/households/{householdId}/members/{memberId}", Ct);
        removal.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await Assertions
            .Expect(memberPage.Locator("[data-test=no-longer-member]"))
            .ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions
            .Expect(ownerPage.Locator("[data-test=member-row]"))
            .ToHaveCountAsync(1, new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task TwoHundredSignUpsOnOneSingleUseLink_SplitAcrossBothInstances_MakeExactlyOneAccount_AndNo5xx()
    {
        var owner = await SignInThroughProxyAsync(await cluster.NodeForAsync("a"));
        var householdId = await owner.CreateHouseholdAsync("Race across instances");
        var link = await owner.CreateLinkAsync(householdId);
        await using var psql = await HeldPsqlSession.OpenAsync(cluster.ConnectionString);

        // Fresh clients without the sticky cookie: nginx spreads them over both instances.
        var clients = Enumerable.Range(0, 200).Select(_ => cluster.CreateProxyClient()).ToArray();
        await Task.WhenAll(clients.Select(c => c.GetAsync("/health/live", Ct)));
        var domain = $"race-{Guid.NewGuid():N}.example.org";
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = clients
            .Select(
                async (client, i) =>
                {
                    await gate.Task;
                    var response = await client.PostAsJsonAsync(
                        $"/api/v1/invites/{link.Token}/signup",
                        new { email = $"r{i}@{domain}", password = TestData.DefaultPassword },
                        Ct
                    );
                    var instance = response.Headers.TryGetValues(InstanceTag.InstanceHeader, out var values)
                        ? values.Single()
                        : "nginx";
                    var code =
                        response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                            ? (await response.Content.ReadFromJsonAsync<JsonElement>(Ct))
                                .GetProperty("code")
                                .GetString()
                            : null;
                    return (Status: (int)response.StatusCode, Instance: instance, Code: code);
                }
            )
            .ToArray();
        var watch = Stopwatch.StartNew();
        gate.SetResult();
        var results = await Task.WhenAll(racers);
        watch.Stop();
        psql.ShouldBeConnected();

        var figures = string.Join(
            ", ",
            results
                .GroupBy(r => (r.Instance, r.Status, r.Code))
                .OrderBy(g => g.Key.ToString())
                .Select(g => $"{g.Key.Instance}:{g.Key.Status} {g.Key.Code}: {g.Count()}")
        );
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"200-way sign-up race across two instances in {watch.ElapsedMilliseconds} ms: {figures}"
        );
        results.Count(r => r.Status >= 500).ShouldBe(0, figures);
        results.Count(r => r.Status == 201).ShouldBe(1, figures);
        results.Where(r => r.Status != 201).ShouldAllBe(r => r.Status == 410 && r.Code == "invite_used", figures);
        results.Select(r => r.Instance).Distinct().Count().ShouldBe(2, figures);
        await using var db = cluster.A.CreateDbContext();
        (
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
                db.Users,
                u => u.Email!.EndsWith(domain),
                Ct
            )
        ).ShouldBe(1);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private BrowserNewContextOptions ProxyContext() => new() { IgnoreHTTPSErrors = true };

    private async Task<IPage> OpenHouseholdPageOnAAsync(
        IBrowserContext browser,
        string nodeA,
        string email,
        Guid householdId
    )
    {
        await browser.AddCookiesAsync([
            new Microsoft.Playwright.Cookie
            {
                Name = "householdapp_node",
                Value = nodeA,
                Url = cluster.Nginx.BaseAddress.ToString(),
            },
        ]);
        var page = await browser.NewPageAsync();
        var login = await page.APIRequest.PostAsync(
            $"{cluster.Nginx.BaseAddress}api/v1/account/login?useCookies=true",
            new() { DataObject = new { email, password = TestData.DefaultPassword } }
        );
        login.Status.ShouldBe(200);
        login.Headers[InstanceTag.InstanceHeader.ToLowerInvariant()].ShouldBe("a");
        await page.OpenInteractiveAsync(
            $"{cluster.Nginx.BaseAddress}households/{householdId}",
            page.Locator("[data-test=household-page][data-interactive=true]")
        );
        return page;
    }

    private async Task<TestUser> SignInThroughProxyAsync(string node)
    {
        var email = TestData.UniqueEmail("proxy");
        var client = cluster.CreateProxyClient(node: node);
        (
            await client.PostAsJsonAsync(
                "/api/v1/account/register",
                new { email, password = TestData.DefaultPassword },
                Ct
            )
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        var login = await client.PostAsJsonAsync(
            "/api/v1/account/login",
            new { email, password = TestData.DefaultPassword },
            Ct
        );
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await using var db = cluster.A.CreateDbContext();
        var userId = Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Users.Where(u => u.Email == email).Select(u => u.Id),
            Ct
        );
        return new TestUser(email, await userId, client);
    }
}
