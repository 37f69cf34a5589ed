using System.Net;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Operations;

public sealed class OperationsTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthEndpoints_AnswerHealthy(string path)
    {
        var response = await env.App.CreateHttpClient().GetAsync(path, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Ready_IsUnhealthy_WhenTheDatabaseCannotBeReached()
    {
        // A server on a port where nothing listens: the process is alive, the database is not reachable.
        await using var app = new TestApp(
            "Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2",
            new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" }
        );
        app.StartServer();
        var client = app.CreateHttpClient();

        (await client.GetAsync("/health/live", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/health/ready", Ct)).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task DataProtectionKeys_AreKeptInTheConfiguredFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"householdapp-keys-{Guid.NewGuid():N}");
        try
        {
            await using var app = await TestApp.StartAsync(
                env.Postgres,
                new Dictionary<string, string?> { ["DataProtection:KeysDirectory"] = folder },
                "keys"
            );

            // Rendering a form issues an antiforgery token, which needs a key.
            (await app.CreateHttpClient().GetAsync("/Account/Login", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

            Directory.GetFiles(folder, "key-*.xml").ShouldNotBeEmpty();
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/Account/Login")]
    [InlineData("/api/v1/households")]
    [InlineData("/no-such-page")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        var response = await env.App.CreateHttpClient().GetAsync(path, Ct);

        var csp = response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem();
        var scriptSrc = csp.Split(';')
            .Select(d => d.Trim())
            .Single(d => d.StartsWith("script-src", StringComparison.Ordinal));
        scriptSrc.ShouldNotContain("unsafe-inline");
        scriptSrc.ShouldNotContain("unsafe-eval");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("object-src 'none'");
        response.Headers.GetValues("Referrer-Policy").ShouldHaveSingleItem().ShouldBe("no-referrer");
        response.Headers.GetValues("X-Content-Type-Options").ShouldHaveSingleItem().ShouldBe("nosniff");
    }

    [Fact]
    public async Task UnknownPage_Answers404WithAFriendlyPage()
    {
        var response = await env.App.CreateHttpClient().GetAsync("/no-such-page", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("data-test=\"not-found\"");
    }

    [Fact]
    public async Task BlazorClientScript_IsServed()
    {
        var response = await env.App.CreateHttpClient().GetAsync("/_framework/blazor.web.js", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync(Ct)).Length.ShouldBeGreaterThan(100_000);
    }
}
