using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Email;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Operations;

/// <summary>
/// OpenTelemetry listens to meters by name in the whole process, so every test app's invites and mails would count in
/// a scraped app's figures (in production one process is one app). These tests assert exact counts, so they run alone.
/// </summary>
[CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
public sealed class MetricsCollection;

/// <summary>/metrics: Prometheus text from OpenTelemetry, behind Metrics:Enabled and Metrics:AllowedNetworks (SPEC
/// section 9).</summary>
[Collection(nameof(MetricsTests))]
public sealed partial class MetricsTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Settings of an app whose metrics are on, behind a proxy on loopback (so a test can play a remote
    /// client).</summary>
    private static Dictionary<string, string?> MetricsOn(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Metrics:Enabled"] = "true",
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["ForwardedHeaders:KnownProxies:1"] = "::1",
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task Metrics_AreOffByDefault_AndTheAddressIsAnUnknownPage()
    {
        var response = await env.App.CreateHttpClient().GetAsync("/metrics", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldNotContain("# TYPE");
    }

    [Fact]
    public async Task Metrics_CountInvitesAndEveryRedemptionOutcome_WithoutAnyToken()
    {
        await using var app = await TestApp.StartAsync(env.Postgres, MetricsOn(), "metrics");
        var owner = await app.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync("Counted House");
        var open = await owner.CreateLinkAsync(householdId, new { maxUses = 5 });
        var single = await owner.CreateLinkAsync(householdId);
        var expired = await owner.CreateLinkAsync(householdId);
        var revoked = await owner.CreateLinkAsync(householdId);
        await app.ExpireAsync(expired);
        await revoked.RevokeAsync();
        var joiner = await app.CreateUserAsync("joiner");
        var first = await app.CreateUserAsync("first");
        // Not a member: a member's answer is already_member whatever the link's state.
        var stranger = await app.CreateUserAsync("stranger");
        var unknown = InviteToken.Generate();

        await AcceptAsync(joiner, open.Token, HttpStatusCode.OK);
        await AcceptAsync(joiner, open.Token, HttpStatusCode.Conflict);
        await AcceptAsync(first, single.Token, HttpStatusCode.OK);
        await AcceptAsync(stranger, single.Token, HttpStatusCode.Gone);
        await AcceptAsync(stranger, expired.Token, HttpStatusCode.Gone);
        await AcceptAsync(stranger, revoked.Token, HttpStatusCode.Gone);
        await AcceptAsync(stranger, unknown, HttpStatusCode.NotFound);
        await AcceptAsync(stranger, "not-a-token", HttpStatusCode.BadRequest);
        // A sign-up through a link is a redemption too.
        var signUp = await app.CreateHttpClient()
            .PostAsJsonAsync(
                $"/api/v1/invites/{open.Token}/signup",
                new { email = TestData.UniqueEmail("new"), password = TestData.DefaultPassword },
                Ct
            );
        signUp.StatusCode.ShouldBe(HttpStatusCode.Created);

        var client = app.CreateHttpClient();
        var expected = new Dictionary<string, double>
        {
            ["joined"] = 3,
            ["already_member"] = 1,
            ["used"] = 1,
            ["expired"] = 1,
            ["revoked"] = 1,
            ["invalid"] = 2,
        };
        var scrape = await ScrapeUntilAsync(
            client,
            s => expected.All(e => s.Value("householdapp_invite_redemptions_total", ("outcome", e.Key)) == e.Value),
            "every redemption outcome counted"
        );

        scrape.Value("householdapp_invites_created_total").ShouldBe(4);
        scrape
            .Series("householdapp_invite_redemptions_total")
            .Select(s => s.Labels["outcome"])
            .Order()
            .ShouldBe(expected.Keys.Order(), "no other outcome was counted");
        // The framework's own metrics are there too, with route patterns rather than paths.
        scrape.Names.ShouldContain("http_server_request_duration_seconds_count");
        scrape.Names.ShouldContain("db_client_operation_duration_seconds_count");
        scrape.Names.ShouldContain("dotnet_gc_collections_total");
        scrape.Text.ShouldContain("http_route=\"/api/v1/invites/{token}/accept\"");
        foreach (var token in new[] { open.Token, single.Token, expired.Token, revoked.Token, unknown })
        {
            scrape.Text.ShouldNotContain(token);
        }
    }

    [Fact]
    public async Task Metrics_CountMailsFailedAndSent_AndTheOutboxBacklog()
    {
        var port = LoopbackPorts.Reserved();
        var settings = SmtpServer.AppSettings(port);
        settings["Email:MaxAttempts"] = "10000";
        await using var app = await TestApp.StartAsync(env.Postgres, MetricsOn(settings), "metricsmail");
        var client = app.CreateHttpClient();
        var owner = await app.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync("Mailed House");
        var guest = TestData.UniqueEmail("guest");
        (
            await owner.Client.PostAsJsonAsync($"/api/v1/households/{householdId}/invites", new { email = guest }, Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.Created);

        // No mail server yet: attempts fail and the message waits.
        var scrape = await ScrapeUntilAsync(
            client,
            s => s.Value("householdapp_mails_failed_total", ("outcome", "retrying")) >= 1,
            "a failed delivery attempt counted"
        );
        scrape.Value("householdapp_mail_outbox_backlog").ShouldBe(1);
        scrape.Value("householdapp_mails_sent_total").ShouldBe(0);

        // A server of its own, started on the app's port only now: a failed attempt is counted first.
        await using var mail = await SmtpServer.StartAsync(port);
        await mail.WaitForAsync(guest, "invites you to Mailed House");
        await ScrapeUntilAsync(
            client,
            s => s.Value("householdapp_mails_sent_total") == 1 && s.Value("householdapp_mail_outbox_backlog") == 0,
            "the mail counted as sent and the outbox empty"
        );
    }

    [Fact]
    public async Task Metrics_CountLiveCircuits()
    {
        await using var app = await TestApp.StartAsync(env.Postgres, MetricsOn(), "metricscircuits");
        var client = app.CreateHttpClient();
        // OpenTelemetry listens to the meter by name across the process, so the scraped series also takes the other
        // test apps' circuits that end while this test runs (retained after their browser left). The count is read
        // from this app's meter alone, which its meter factory tells apart; the scrape shows that it is exported.
        using var circuits = new LiveCircuits(app);
        await using var context = await Infrastructure.Browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await BrowserFlows.RegisterAsync(page, "circuits");
        await BrowserFlows.CreateHouseholdAsync(page, "Wired House");
        await Assertions
            .Expect(page.Locator("[data-test=household-page]"))
            .ToHaveAttributeAsync("data-interactive", "true");

        await Eventually.UntilAsync(() => circuits.Count == 1, "the page's circuit counted");
        (await ScrapeAsync(client)).Names.ShouldContain("householdapp_circuits_live");

        // Closing the tab tells the server (Blazor's disconnect beacon), which ends the circuit at once.
        await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
        await Eventually.UntilAsync(() => circuits.Count == 0, "the closed circuit uncounted");
    }

    /// <summary>The sum of what one app adds to its live-circuit counter: a meter created by that app's meter factory
    /// carries the factory as its scope.</summary>
    private sealed class LiveCircuits : IDisposable
    {
        private readonly MeterListener listener = new();
        private long count;

        public LiveCircuits(TestApp app)
        {
            var factory = app.Services.GetRequiredService<IMeterFactory>();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name == "householdapp.circuits.live")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref count, value));
            listener.Start();
        }

        public long Count => Interlocked.Read(ref count);

        public void Dispose() => listener.Dispose();
    }

    [Fact]
    public async Task Metrics_AreRefusedToClientsOutsideTheAllowedNetworks_AsTheProxyReportsThem()
    {
        await using var app = await TestApp.StartAsync(
            env.Postgres,
            MetricsOn(new() { ["Metrics:AllowedNetworks"] = "10.0.0.0/8, 127.0.0.0/8, ::1/128" }),
            "metricsnet"
        );
        var client = app.CreateHttpClient();

        (await client.GetAsync("/metrics", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await GetAsAsync(client, "10.1.2.3")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A documentation address (RFC 5737), only ever a header value here: the proxy says the client is there.
        var refused = await GetAsAsync(client, "203.0.113.7");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var body = await refused.Content.ReadAsStringAsync(Ct);
        body.ShouldContain("Metrics:AllowedNetworks");
        body.ShouldNotContain("# TYPE");
        (await GetAsAsync(client, "192.168.1.20")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Metrics_DefaultNetworks_AreLoopbackAndThePrivateRanges()
    {
        await using var app = await TestApp.StartAsync(env.Postgres, MetricsOn(), "metricsdefault");
        var client = app.CreateHttpClient();

        foreach (var allowed in new[] { "10.20.30.40", "172.16.5.4", "192.168.0.9", "fd00::1" })
        {
            (await GetAsAsync(client, allowed)).StatusCode.ShouldBe(HttpStatusCode.OK, allowed);
        }

        foreach (var refused in new[] { "203.0.113.7", "172.32.0.1", "2001:db8::1" })
        {
            (await GetAsAsync(client, refused)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, refused);
        }
    }

    [Fact]
    public void Metrics_AMalformedNetwork_IsRefused_NamingTheSetting()
    {
        foreach (
            var settings in new Dictionary<string, string?>[]
            {
                new() { ["Metrics:AllowedNetworks:0"] = "10.0.0.0/33" },
                new() { ["Metrics:AllowedNetworks"] = "10.0.0.0/8, example.org" },
            }
        )
        {
            var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
                .AddInMemoryCollection(settings)
                .Build();

            Should
                .Throw<InvalidOperationException>(() => HouseholdApp.Common.MetricsOptions.Read(configuration))
                .Message.ShouldContain("Metrics:AllowedNetworks");
        }

        var list = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?> { ["Metrics:AllowedNetworks"] = "10.0.0.0/8, 192.168.1.0/24" }
            )
            .Build();
        HouseholdApp.Common.MetricsOptions.Read(list).AllowedNetworks.Count.ShouldBe(2);
    }

    [Fact]
    public async Task GrafanaDashboard_QueriesOnlyMetricsTheAppExports()
    {
        var dashboard = System.Text.Json.JsonDocument.Parse(
            await File.ReadAllTextAsync(
                Path.Combine(Paths.RepositoryRoot, "deploy", "grafana", "householdapp.json"),
                Ct
            )
        );
        var queried = Expressions(dashboard.RootElement)
            .Select(e => LabelLists().Replace(e, ""))
            .SelectMany(e => MetricName().Matches(e).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);
        queried.ShouldNotBeEmpty();
        queried
            .Where(n => n.StartsWith("householdapp_", StringComparison.Ordinal))
            .Order()
            .ShouldBe(
                [
                    "householdapp_circuits_live",
                    "householdapp_invite_redemptions_total",
                    "householdapp_invites_created_total",
                    "householdapp_mail_outbox_backlog",
                    "householdapp_mails_failed_total",
                    "householdapp_mails_sent_total",
                ],
                ignoreOrder: false,
                "the dashboard shows every metric of the app's own"
            );

        // Every metric of the app's own appears once it has happened; make each happen, then compare.
        var port = LoopbackPorts.Reserved();
        var settings = SmtpServer.AppSettings(port);
        settings["Email:MaxAttempts"] = "10000";
        await using var app = await TestApp.StartAsync(env.Postgres, MetricsOn(settings), "metricsgrafana");
        var client = app.CreateHttpClient();
        var (owner, link) = await app.CreateOwnerWithLinkAsync();
        await AcceptAsync(await app.CreateUserAsync("joiner"), link.Token, HttpStatusCode.OK);
        (
            await owner.Client.PostAsJsonAsync(
                $"/api/v1/households/{link.HouseholdId}/invites",
                new { email = TestData.UniqueEmail("guest") },
                Ct
            )
        ).StatusCode.ShouldBe(HttpStatusCode.Created);
        // With mail on, registering asks for a confirmed address; an account made through the API signs in at once.
        var person = await app.CreateUserAsync("grafana", withPassword: true);
        var householdId = await person.CreateHouseholdAsync("Graphed House");
        await using var context = await Infrastructure.Browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await BrowserFlows.SignInAsync(page, person.Email, $"/households/{householdId}");
        await Assertions
            .Expect(page.Locator("[data-test=household-page]"))
            .ToHaveAttributeAsync("data-interactive", "true");
        await Eventually.UntilAsync(
            async () => (await ScrapeAsync(client)).Names.Contains("householdapp_mails_failed_total"),
            "a failed mail attempt"
        );
        // A server of its own, started on the app's port only now: a failed attempt is counted first.
        await using var mail = await SmtpServer.StartAsync(port);

        await ScrapeUntilAsync(
            client,
            s => queried.All(s.Names.Contains),
            "every metric the dashboard queries exported"
        );
    }

    private static IEnumerable<string> Expressions(System.Text.Json.JsonElement element)
    {
        switch (element.ValueKind)
        {
            case System.Text.Json.JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (
                        property.Name is "expr" or "query"
                        && property.Value.ValueKind == System.Text.Json.JsonValueKind.String
                    )
                    {
                        yield return property.Value.GetString()!;
                    }
                    else
                    {
                        foreach (var inner in Expressions(property.Value))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case System.Text.Json.JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var inner in Expressions(item))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    // The exporters' families: ours, ASP.NET Core's, Kestrel's, Npgsql's and the runtime's.
    [GeneratedRegex(@"\b(?:householdapp|http_server|kestrel|aspnetcore|db_client|dotnet)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    // Label names (in "by (…)", "without (…)" and selectors) are not metrics.
    [GeneratedRegex(@"\b(?:by|without)\s*\([^)]*\)|\{[^}]*\}")]
    private static partial Regex LabelLists();

    private static async Task AcceptAsync(TestUser user, string token, HttpStatusCode expected)
    {
        var response = await user.Client.PostAsync($"/api/v1/invites/{token}/accept", null, Ct);
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync(Ct));
    }

    private static Task<HttpResponseMessage> GetAsAsync(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request, Ct);
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds; a failure shows the app's own series as last
    /// scraped.</summary>
    private static async Task<Scrape> ScrapeUntilAsync(HttpClient client, Func<Scrape, bool> condition, string what)
    {
        Scrape scrape = null!;
        try
        {
            await Eventually.UntilAsync(async () => condition(scrape = await ScrapeAsync(client)), what);
        }
        catch (TimeoutException timeout)
        {
            var own = scrape?.Text.Split('\n').Where(l => l.StartsWith("householdapp_", StringComparison.Ordinal))
                ?? [];
            throw new TimeoutException($"{timeout.Message}\nlast scrape:\n{string.Join('\n', own)}", timeout);
        }

        return scrape;
    }

    private static async Task<Scrape> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return Scrape.Parse(text);
    }

    private sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    /// <summary>The Prometheus text format's sample lines: <c>name{label="value",…} number</c>.</summary>
    private sealed partial record Scrape(string Text, IReadOnlyList<Sample> Samples)
    {
        public HashSet<string> Names => Samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        public IEnumerable<Sample> Series(string name) => Samples.Where(s => s.Name == name);

        /// <summary>The value of the one series with these labels; 0 when the metric has not appeared yet.</summary>
        public double Value(string name, params (string Label, string Value)[] labels) =>
            Series(name)
                .Where(s => labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value))
                .Sum(s => s.Value);

        public static Scrape Parse(string text)
        {
            var samples = new List<Sample>();
            foreach (var line in text.Split('\n'))
            {
                if (SampleLine().Match(line) is not { Success: true } match)
                {
                    continue;
                }

                var labels = LabelPair()
                    .Matches(match.Groups["labels"].Value)
                    .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
                if (
                    double.TryParse(
                        match.Groups["value"].Value,
                        NumberStyles.Float,
                        CultureInfo.InvariantCulture,
                        out var value
                    )
                )
                {
                    samples.Add(new Sample(match.Groups["name"].Value, labels, value));
                }
            }

            return new Scrape(text, samples);
        }

        [GeneratedRegex(
            @"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})?\s+(?<value>[-+0-9.eE]+|NaN|[+-]Inf)"
        )]
        private static partial Regex SampleLine();

        [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
        private static partial Regex LabelPair();
    }
}
