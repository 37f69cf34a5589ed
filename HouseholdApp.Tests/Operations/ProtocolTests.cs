using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Invites;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace HouseholdApp.Tests.Operations;

/// <summary>HTTP details a real deployment depends on: HEAD, caching, input limits, Secure cookies, links, logs,
/// keys.</summary>
public sealed class ProtocolTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Head_IsAnsweredWhereverGetIs_WithTheSameStatusAndNoBody()
    {
        var (_, link) = await env.App.CreateOwnerWithLinkAsync();
        var client = env.App.CreateHttpClient();
        foreach (
            var (path, status) in new[]
            {
                ($"/api/v1/invites/{link.Token}", HttpStatusCode.OK),
                ($"/invites/{link.Token}", HttpStatusCode.OK),
                ("/", HttpStatusCode.OK),
                ("/Account/Login", HttpStatusCode.OK),
                ("/health/live", HttpStatusCode.OK),
                ("/health/ready", HttpStatusCode.OK),
                ("/favicon.svg", HttpStatusCode.OK),
                ($"/api/v1/invites/{Features.Invites.InviteToken.Generate()}", HttpStatusCode.NotFound),
                ("/api/v1/households", HttpStatusCode.Unauthorized),
            }
        )
        {
            var get = await client.GetAsync(path, Ct);
            using var request = new HttpRequestMessage(HttpMethod.Head, path);
            var head = await client.SendAsync(request, Ct);

            head.StatusCode.ShouldBe(status, path);
            get.StatusCode.ShouldBe(status, path);
            (await head.Content.ReadAsByteArrayAsync(Ct)).ShouldBeEmpty(path);
        }
    }

    [Fact]
    public async Task InviteLookup_IsNeverCached()
    {
        var (_, link) = await env.App.CreateOwnerWithLinkAsync();
        var client = env.App.CreateHttpClient();

        foreach (var token in new[] { link.Token, Features.Invites.InviteToken.Generate(), "not-a-token" })
        {
            var response = await client.GetAsync($"/api/v1/invites/{token}", Ct);
            response.Headers.CacheControl!.NoStore.ShouldBeTrue(token);
        }
    }

    [Theory]
    [InlineData("/api/v1/account/register")]
    [InlineData("/api/v1/account/login")]
    [InlineData("/api/v1/account/forgotPassword")]
    [InlineData("/api/v1/account/resendConfirmationEmail")]
    public async Task AccountEndpoints_RefuseAnEmailLongerThan256Characters_WithAValidationProblem(string path)
    {
        var email = new string('a', 250) + "@example.org";

        var response = await env
            .App.CreateHttpClient()
            .PostAsJsonAsync(path, new { email, password = TestData.DefaultPassword }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("code").GetString().ShouldBe("invalid_email");
        problem.GetProperty("errors").GetProperty("email").GetArrayLength().ShouldBe(1);
        await using var db = env.App.CreateDbContext();
        (await db.Users.CountAsync(u => u.Email == email, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task ResetPasswordAndChangeOfAddress_RefuseAnEmailLongerThan256Characters_WithAValidationProblem()
    {
        var email = new string('a', 250) + "@example.org";
        var user = await env.App.CreateUserAsync("longaddress");

        var reset = await env
            .App.CreateHttpClient()
            .PostAsJsonAsync(
                "/api/v1/account/resetPassword",
                new
                {
                    email,
                    resetCode = "code",
                    newPassword = TestData.DefaultPassword,
                },
                Ct
            );
        var change = await user.Client.PostAsJsonAsync("/api/v1/account/manage/info", new { newEmail = email }, Ct);

        foreach (var (response, field) in new[] { (reset, "email"), (change, "newEmail") })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            problem.GetProperty("code").GetString().ShouldBe("invalid_email");
            problem.GetProperty("errors").GetProperty(field).GetArrayLength().ShouldBe(1);
        }
    }

    [Fact]
    public async Task InviteUrls_UseAppPublicUrl_NeverTheRequestsHost()
    {
        var app = await env.AppWithAsync(
            new Dictionary<string, string?> { ["App:PublicUrl"] = "https://home.example.org/" }
        );
        var owner = await app.CreateUserAsync("owner", withPassword: true);
        var householdId = await owner.CreateHouseholdAsync();

        var body = await CreateInviteWithHostAsync(owner, householdId, "evil.example");

        body.GetProperty("url")
            .GetString()
            .ShouldBe($"https://home.example.org/invites/{body.GetProperty("token").GetString()}");
    }

    [Fact]
    public async Task WithoutAppPublicUrl_LinksUseTheListeningAddress_AndStartUpWarns()
    {
        var app = env.App;
        var owner = await app.CreateUserAsync("owner", withPassword: true);
        var householdId = await owner.CreateHouseholdAsync();

        var body = await CreateInviteWithHostAsync(owner, householdId, "evil.example");

        body.GetProperty("url")
            .GetString()
            .ShouldBe(new Uri(app.BaseAddress, $"/invites/{body.GetProperty("token").GetString()}").ToString());
        app.Logs.Entries.ShouldContain(e =>
            e.StartsWith("Warning", StringComparison.Ordinal)
            && e.Contains("App:PublicUrl is not set", StringComparison.Ordinal)
        );
    }

    [Theory]
    [InlineData("127.0.0.1", "https", true)]
    [InlineData("127.0.0.1", null, false)]
    [InlineData("192.0.2.10", "https", false)]
    public async Task AntiforgeryCookie_IsSecure_WhenAListedProxySaysTheRequestIsHttps(
        string knownProxy,
        string? forwardedProto,
        bool secure
    )
    {
        var app = await env.AppWithAsync(
            new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = knownProxy }
        );
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            request.Headers.Add("X-Forwarded-For", "203.0.113.5");
        }

        var response = await app.CreateHttpClient().SendAsync(request, Ct);

        var cookie = response
            .Headers.GetValues("Set-Cookie")
            .Single(c => c.StartsWith("HouseholdApp.Antiforgery=", StringComparison.Ordinal));
        cookie.Contains("secure", StringComparison.OrdinalIgnoreCase).ShouldBe(secure);
    }

    [Fact]
    public async Task FirstStartOnAnEmptyDatabase_AndARegistrationRace_LogNoErrors()
    {
        var capture = new LogCapture();
        await using var app = await TestApp.StartAsync(env.Postgres, prefix: "quiet", configureServices: s =>
            s.AddSingleton<ILoggerProvider>(capture)
        );
        var email = TestData.UniqueEmail("twin");
        var clients = app.Clients(20);

        var responses = await app.RaceAsync(clients, (c, _) =>
            c.PostAsJsonAsync("/api/v1/account/register", new { email, password = TestData.DefaultPassword }, Ct)
        );

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.BadRequest);
        capture
            .Entries.Where(e =>
                e.StartsWith("Error", StringComparison.Ordinal) || e.StartsWith("Critical", StringComparison.Ordinal)
            )
            .ShouldBeEmpty();
    }

    [Fact]
    public async Task HealthProbes_AreNotRateLimited()
    {
        var app = await env.AppWithAsync(
            new Dictionary<string, string?>
            {
                ["RateLimiting:InviteLookup:PermitLimit"] = "1",
                ["RateLimiting:InviteRedeem:PermitLimit"] = "1",
                ["RateLimiting:Accounts:PermitLimit"] = "1",
            }
        );
        var client = app.CreateHttpClient();

        for (var i = 0; i < 40; i++)
        {
            (await client.GetAsync(i % 2 == 0 ? "/health/live" : "/health/ready", Ct)).StatusCode.ShouldBe(
                HttpStatusCode.OK
            );
        }
    }

    [Fact]
    public async Task DataProtectionKeys_LiveInTheDatabase_SoASecondInstanceAcceptsTheFirstsTokens()
    {
        await using var first = await TestApp.StartAsync(env.Postgres, prefix: "keyring");
        var user = await first.CreateUserAsync("roaming", withPassword: true);
        await using var second = new TestApp(first.ConnectionString);
        second.StartServer();
        var onSecond = second.CreateHttpClient();
        onSecond.DefaultRequestHeaders.Authorization = user.Client.DefaultRequestHeaders.Authorization;

        (await onSecond.GetAsync("/api/v1/households", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await KeyXmlAsync(first.ConnectionString)).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task DataProtectionKeys_AreEncryptedWithTheConfiguredCertificate()
    {
        var path = Path.Combine(Path.GetTempPath(), $"householdapp-keys-{Guid.NewGuid():N}.pfx");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest(
                "CN=HouseholdApp key ring",
                key,
                HashAlgorithmName.SHA256,
                RSASignaturePadding.Pkcs1
            );
            using var certificate = request.CreateSelfSigned(
                DateTimeOffset.UtcNow.AddDays(-1),
                DateTimeOffset.UtcNow.AddYears(1)
            );
            await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "pfx-password"), Ct);
        }

        try
        {
            await using var app = await TestApp.StartAsync(
                env.Postgres,
                new Dictionary<string, string?>
                {
                    ["DataProtection:Certificate:Path"] = path,
                    ["DataProtection:Certificate:Password"] = "pfx-password",
                },
                "certkeys"
            );
            (await app.CreateHttpClient().GetAsync("/Account/Login", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

            var xml = (await KeyXmlAsync(app.ConnectionString)).ShouldHaveSingleItem();
            xml.ShouldContain("EncryptedXml");
            xml.ShouldNotContain("<masterKey");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<JsonElement> CreateInviteWithHostAsync(TestUser owner, Guid householdId, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/households/{householdId}/invites")
        {
            Content = JsonContent.Create(new { }),
        };
        request.Headers.Host = host;
        var response = await owner.Client.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static async Task<List<string>> KeyXmlAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var keys = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
