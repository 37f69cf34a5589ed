using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Data;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HouseholdApp.Tests.Operations;

/// <summary>What clients get when the database is away or out of connections, or something unexpected breaks: never a
/// 500 page.</summary>
public sealed class FaultTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Losing and regaining the database runs through connection timeouts and retries: twice the usual deadline.
    private static readonly TimeSpan Reconnect = Eventually.Timeout * 2;

    [Fact]
    public async Task DatabaseDown_Answers503WithRetryAfter_ProblemForTheApi_PageForPeople_ThenRecoversByItself()
    {
        await using var relay = await TcpRelay.InFrontOfNewDatabaseAsync(env.Postgres, "down");
        await using var app = new TestApp(relay.ConnectionString);
        app.StartServer();
        var client = app.CreateHttpClient();
        var token = InviteToken.Generate();
        (await client.GetAsync($"/api/v1/invites/{token}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await Eventually.UntilAsync(
            () => app.Services.GetRequiredService<HouseholdEvents>().IsListening,
            "the instance listens for other instances",
            Reconnect
        );

        relay.Stop();
        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var api = await client.GetAsync($"/api/v1/invites/{token}", Ct);
            statuses.Add((int)api.StatusCode);
            api.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            api.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(5));
            api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await api.Content.ReadFromJsonAsync<JsonElement>(Ct))
                .GetProperty("code")
                .GetString()
                .ShouldBe("database_unavailable");
        }

        var page = await client.GetAsync($"/invites/{token}", Ct);
        statuses.Add((int)page.StatusCode);
        page.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        page.Headers.RetryAfter.ShouldNotBeNull();
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await page.Content.ReadAsStringAsync(Ct)).ShouldContain("data-test=\"database-unavailable\"");

        var login = await client.PostAsJsonAsync(
            "/api/v1/account/login",
            new { email = "a@example.org", password = "whatever-it-is" },
            Ct
        );
        statuses.Add((int)login.StatusCode);
        login.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync("/health/ready", Ct)).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync("/health/live", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.UntilAsync(
            () => !app.Services.GetRequiredService<HouseholdEvents>().IsListening,
            "the instance notices the database is gone",
            Reconnect
        );

        relay.Start();
        var recovered = await Eventually.UntilAsync(
            async () => (await client.GetAsync($"/api/v1/invites/{token}", Ct)).StatusCode,
            s => s == HttpStatusCode.NotFound,
            "the API answers again",
            Reconnect
        );
        recovered.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/health/ready", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.UntilAsync(
            () => app.Services.GetRequiredService<HouseholdEvents>().IsListening,
            "the instance listens again",
            Reconnect
        );
        TestContext.Current.TestOutputHelper?.WriteLine(
            "database down: "
                + string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Key}: {g.Count()}"))
                + $"; back up: {(int)recovered}"
        );
    }

    [Fact]
    public async Task PoolExhausted_Answers503_AndServesAgainOnceAConnectionIsFree()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await env.Postgres.CreateDatabaseAsync("pool"))
        {
            Timeout = 2,
        }.ConnectionString;
        await using var app = new TestApp(
            connectionString,
            new Dictionary<string, string?> { ["Database:MaxPoolSize"] = "2" }
        );
        app.StartServer();
        var client = app.CreateHttpClient();
        var token = InviteToken.Generate();
        (await client.GetAsync($"/api/v1/invites/{token}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The app's own pool (same connection string), emptied by holding both of its connections.
        var pooled = app.Services.GetRequiredService<DatabaseConnection>().ConnectionString;
        new NpgsqlConnectionStringBuilder(pooled).MaxPoolSize.ShouldBe(2);
        var held = new List<NpgsqlConnection>();
        for (var i = 0; i < 2; i++)
        {
            var connection = new NpgsqlConnection(pooled);
            await connection.OpenAsync(Ct);
            held.Add(connection);
        }

        var exhausted = await client.GetAsync($"/api/v1/invites/{token}", Ct);
        exhausted.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        exhausted.Headers.RetryAfter.ShouldNotBeNull();
        (await exhausted.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("code")
            .GetString()
            .ShouldBe("database_unavailable");
        var page = await client.GetAsync($"/invites/{token}", Ct);
        page.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await page.Content.ReadAsStringAsync(Ct)).ShouldContain("data-test=\"database-unavailable\"");
        var burst = await Task.WhenAll(
            Enumerable.Range(0, 50).Select(_ => client.GetAsync($"/api/v1/invites/{token}", Ct))
        );
        burst.ShouldAllBe(r => r.StatusCode == HttpStatusCode.ServiceUnavailable);

        foreach (var connection in held)
        {
            await connection.DisposeAsync();
        }

        // Fifty at once on a pool of two: they wait their turn rather than fail.
        var after = await Task.WhenAll(
            Enumerable.Range(0, 50).Select(_ => client.GetAsync($"/api/v1/invites/{token}", Ct))
        );
        after.ShouldAllBe(r => r.StatusCode == HttpStatusCode.NotFound);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"pool exhausted: {Counts(burst.Append(exhausted).Append(page))}; pool free again: {Counts(after)}"
        );
    }

    [Fact]
    public void PoolSize_IsTwoPerCoreByDefault_BetweenFourAndThirty()
    {
        Max(env.App).ShouldBe(Math.Clamp(2 * Environment.ProcessorCount, 4, 30));
        DatabaseOptions.DefaultMaxPoolSize.ShouldBe(Max(env.App));

        static int Max(TestApp app) =>
            new NpgsqlConnectionStringBuilder(
                app.Services.GetRequiredService<DatabaseConnection>().ConnectionString
            ).MaxPoolSize;
    }

    [Fact]
    public async Task AnUnexpectedApiFailure_IsProblemJson500_WithCodeAndTraceId()
    {
        await using var app = await TestApp.StartAsync(env.Postgres, prefix: "boom", configureServices: s =>
            s.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(new BrokenHouseholdsQuery()))
        );
        var user = await app.CreateUserAsync("boom", withPassword: true);

        var response = await user.Client.GetAsync("/api/v1/households", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("code").GetString().ShouldBe("internal_error");
        problem.GetProperty("traceId").GetString().ShouldNotBeNullOrWhiteSpace();
        problem.GetProperty("status").GetInt32().ShouldBe(500);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldNotContain("Simulated");
    }

    private static string Counts(IEnumerable<HttpResponseMessage> responses) =>
        string.Join(", ", responses.GroupBy(r => (int)r.StatusCode).Select(g => $"{g.Key}: {g.Count()}"));

    /// <summary>A bug stand-in: reading households throws something nobody handles.</summary>
    private sealed class BrokenHouseholdsQuery : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command,
            CommandEventData eventData,
            InterceptionResult<DbDataReader> result,
            CancellationToken cancellationToken = default
        ) =>
            command.CommandText.Contains("households", StringComparison.Ordinal)
                ? throw new InvalidOperationException("Simulated bug")
                : ValueTask.FromResult(result);
    }
}
