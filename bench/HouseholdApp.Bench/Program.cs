using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using HouseholdApp.Features.Invites;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace HouseholdApp.Bench;

/// <summary>Entry point (a class of its own: top-level statements would clash with the web app's Program).</summary>
internal static class BenchProgram
{
    public static async Task<int> Main()
    {
        var households = ArgValue("--households", 2000);
        var lookups = ArgValue("--lookups", 20000);
        var concurrency = ArgValue("--concurrency", 32);
        const int WarmUp = 300;

        Console.WriteLine($"HouseholdApp invite benchmark: {households} redemptions per side, {lookups} look-ups per row, {concurrency} concurrent clients, {Environment.ProcessorCount} cores");
        // Durable defaults (fsync on), so the figures resemble a real server; HOUSEHOLDAPP_BENCH_DB names an existing one.
        await using var postgres = await PostgresCluster.StartAsync(new PostgresClusterOptions(
            "HOUSEHOLDAPP_BENCH_DB", "householdapp-bench", InitdbArguments: "",
            ServerSettings: "-c max_connections=200 -c shared_buffers=256MB", StopMode: "fast"));
        var connectionString = await postgres.CreateDatabaseAsync("bench");
        await using var app = new BenchApp(connectionString);
        app.StartServer();
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = concurrency + 8 }.ConnectionString);

        var seeder = new Seeder(dataSource, app.Services);
        var appRedeem = await seeder.SeedAsync(households + WarmUp);
        var sqlRedeem = await seeder.SeedAsync(households + WarmUp);
        var lookupSet = await seeder.SeedAsync(1000);
        await Exec(dataSource, "VACUUM ANALYZE");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = app.ClientOptions.BaseAddress,
        };

        var results = new List<(string Name, Measurement App, Measurement Baseline)>();

        // (a) Redemptions: distinct users accepting distinct single-use links; both sides warm up on their first links.
        async Task AcceptAsync(int i)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invites/{appRedeem[i].Token}/accept");
            request.Headers.Authorization = new("Bearer", appRedeem[i].Bearer);
            using var response = await http.SendAsync(request);
            Expect(response, HttpStatusCode.OK);
        }

        await Measurement.RunAsync(WarmUp, concurrency, AcceptAsync);
        await Measurement.RunAsync(WarmUp, concurrency, i => RawSql.RedeemAsync(dataSource, sqlRedeem[i]));
        var (appRedemption, sqlRedemption) = await Measurement.AlternateAsync(households, concurrency,
            i => AcceptAsync(WarmUp + i), i => RawSql.RedeemAsync(dataSource, sqlRedeem[WarmUp + i]));
        results.Add(("redeem: POST /api/v1/invites/{token}/accept", appRedemption, sqlRedemption));
        await seeder.VerifyRedemptionsAsync(appRedeem, sqlRedeem);

        // (b) Look-ups of pending links, anonymous.
        async Task ApiLookupAsync(int i)
        {
            using var response = await http.GetAsync($"/api/v1/invites/{lookupSet[i % lookupSet.Count].Token}");
            Expect(response, HttpStatusCode.OK);
        }

        await Measurement.RunAsync(2000, concurrency, ApiLookupAsync);
        await Measurement.RunAsync(2000, concurrency, i => RawSql.LookupAsync(dataSource, lookupSet[i % lookupSet.Count]));
        var (apiLookup, sqlLookup) = await Measurement.AlternateAsync(lookups, concurrency,
            ApiLookupAsync, i => RawSql.LookupAsync(dataSource, lookupSet[i % lookupSet.Count]));
        results.Add(("look-up: GET /api/v1/invites/{token}", apiLookup, sqlLookup));

        // Context: the service alone, called in-process (no HTTP, no authentication).
        async Task ServiceLookupAsync(int i)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var preview = await scope.ServiceProvider.GetRequiredService<InviteRedemptionService>().LookupAsync(lookupSet[i % lookupSet.Count].Token, null);
            if (preview.State != InviteState.Valid)
            {
                throw new InvalidOperationException(preview.State.ToString());
            }
        }

        await Measurement.RunAsync(2000, concurrency, ServiceLookupAsync);
        var serviceLookup = await Measurement.RunAsync(lookups, concurrency, ServiceLookupAsync);
        Console.WriteLine($"service only: LookupAsync {serviceLookup.OpsPerSecond:0} ops/s");

        // Context: what HTTP alone costs here (no database): the app's floor per request on this machine.
        async Task LiveAsync(int i)
        {
            using var response = await http.GetAsync("/health/live");
            Expect(response, HttpStatusCode.OK);
        }

        await Measurement.RunAsync(2000, concurrency, LiveAsync);
        var floor = await Measurement.RunAsync(lookups, concurrency, LiveAsync);

        var probe = await http.GetAsync($"/invites/{lookupSet[0].Token}");
        if ((await probe.Content.ReadAsStringAsync()).Contains("data-invite-state", StringComparison.Ordinal))
        {
            async Task PageAsync(int i)
            {
                using var response = await http.GetAsync($"/invites/{lookupSet[i % lookupSet.Count].Token}");
                Expect(response, HttpStatusCode.OK);
                await response.Content.LoadIntoBufferAsync();
            }

            await Measurement.RunAsync(2000, concurrency, PageAsync);
            var (page, sqlForPage) = await Measurement.AlternateAsync(lookups, concurrency,
                PageAsync, i => RawSql.LookupAsync(dataSource, lookupSet[i % lookupSet.Count]));
            results.Add(("look-up: GET /invites/{token} (page)", page, sqlForPage));
        }
        else
        {
            Console.WriteLine("(the landing page /invites/{token} is not built in this branch: page row skipped)");
        }

        Console.WriteLine();
        Console.WriteLine($"| operation | app ops/s | app p50 ms | app p95 ms | raw SQL ops/s | SQL p50 ms | SQL p95 ms | app / SQL |");
        Console.WriteLine($"|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, a, b) in results)
        {
            Console.WriteLine($"| {name} | {a.OpsPerSecond:0} | {a.P50:0.0} | {a.P95:0.0} | {b.OpsPerSecond:0} | {b.P50:0.0} | {b.P95:0.0} | {a.OpsPerSecond / b.OpsPerSecond:0.00} |");
        }

        Console.WriteLine();
        Console.WriteLine($"HTTP floor (GET /health/live, no database): {floor.OpsPerSecond:0} ops/s, p50 {floor.P50:0.0} ms, p95 {floor.P95:0.0} ms");

        return 0;

        static void Expect(HttpResponseMessage response, HttpStatusCode status)
        {
            if (response.StatusCode != status)
            {
                throw new InvalidOperationException($"Expected {(int)status}, got {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result}");
            }
        }

        static async Task Exec(NpgsqlDataSource dataSource, string sql)
        {
            await using var command = dataSource.CreateCommand(sql);
            await command.ExecuteNonQueryAsync();
        }

        static int ArgValue(string name, int fallback)
        {
            var args = Environment.GetCommandLineArgs();
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
        }
    }
}

/// <summary>The real app on Kestrel (loopback), as the tests host it; limits raised, request logging off.</summary>
internal sealed class BenchApp(string connectionString) : WebApplicationFactory<global::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        UseKestrel(0);
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Default", connectionString);
        builder.UseSetting("RateLimiting:InviteLookup:PermitLimit", "1000000000");
        builder.UseSetting("RateLimiting:InviteRedeem:PermitLimit", "1000000000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // EF logs the failed probe of the migrations table on a fresh database as an error; noise here.
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "None");
    }
}

internal sealed record Link(string Token, byte[] Hash, Guid InviteId, Guid HouseholdId, string JoinerId, string Bearer);

/// <summary>Households, owners, single-use links and the people who will redeem them, written in bulk.</summary>
internal sealed class Seeder(NpgsqlDataSource dataSource, IServiceProvider services)
{
    public async Task<List<Link>> SeedAsync(int count)
    {
        var now = DateTimeOffset.UtcNow;
        var protector = services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme).BearerTokenProtector;
        var links = new List<Link>(count);
        var owners = new string[count];
        var householdIds = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            var token = InviteToken.Generate();
            owners[i] = Guid.NewGuid().ToString();
            householdIds[i] = Guid.NewGuid();
            var joiner = Guid.NewGuid().ToString();
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, joiner), new Claim(ClaimTypes.Name, $"{joiner}@bench.example")], IdentityConstants.BearerScheme);
            var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity), new AuthenticationProperties { ExpiresUtc = now.AddHours(2) }, IdentityConstants.BearerScheme);
            links.Add(new Link(token, InviteToken.Hash(token), Guid.CreateVersion7(), householdIds[i], joiner, protector.Protect(ticket)));
        }

        var users = owners.Concat(links.Select(l => l.JoinerId)).ToArray();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("""
            INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, security_stamp, concurrency_stamp,
                               phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            SELECT u, u || '@bench.example', upper(u || '@bench.example'), u || '@bench.example', upper(u || '@bench.example'), true, u, u, false, false, true, 0
            FROM unnest($1::text[]) AS u
            """, users));
        batch.BatchCommands.Add(Command("INSERT INTO households (id, name, created_at) SELECT h, 'Bench', now() FROM unnest($1::uuid[]) AS h", householdIds));
        batch.BatchCommands.Add(Command("""
            INSERT INTO memberships (id, household_id, user_id, role, joined_at)
            SELECT gen_random_uuid(), h, o, 'Owner', now() FROM unnest($1::uuid[], $2::text[]) AS x(h, o)
            """, householdIds, owners));
        batch.BatchCommands.Add(Command("""
            INSERT INTO invites (id, household_id, token_hash, role, created_by_user_id, created_at, expires_at, max_uses, use_count)
            SELECT i, h, t, 'Member', o, now(), now() + interval '7 days', 1, 0 FROM unnest($1::uuid[], $2::uuid[], $3::bytea[], $4::text[]) AS x(i, h, t, o)
            """, links.Select(l => l.InviteId).ToArray(), householdIds, links.Select(l => l.Hash).ToArray(), owners));
        await batch.ExecuteNonQueryAsync();
        return links;
    }

    /// <summary>Both sides did exactly what they claim: one member and one redemption per link, every link used up.</summary>
    public async Task VerifyRedemptionsAsync(params List<Link>[] sets)
    {
        foreach (var set in sets)
        {
            await using var command = dataSource.CreateCommand("""
                SELECT count(*) FILTER (WHERE i.use_count = 1),
                       (SELECT count(*) FROM memberships m WHERE m.household_id = ANY($1) AND m.role = 'Member'),
                       (SELECT count(*) FROM invite_redemptions r WHERE r.invite_id = ANY($2))
                FROM invites i WHERE i.id = ANY($2)
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = set.Select(l => l.HouseholdId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = set.Select(l => l.InviteId).ToArray() });
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (used, members, redemptions) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            if (used != set.Count || members != set.Count || redemptions != set.Count)
            {
                throw new InvalidOperationException($"Expected {set.Count} redemptions, found used={used} members={members} redemptions={redemptions}.");
            }
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params Array[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}

/// <summary>The statements the service runs, sent straight through Npgsql: the floor the app is measured against.</summary>
internal static class RawSql
{
    public static async Task RedeemAsync(NpgsqlDataSource dataSource, Link link)
    {
        var now = DateTimeOffset.UtcNow;
        var hash = InviteToken.Hash(link.Token);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var probe = new NpgsqlCommand("""
            SELECT EXISTS (SELECT 1 FROM memberships m WHERE m.household_id = i.household_id AND m.user_id = $2)
            FROM invites i WHERE i.token_hash = $1 LIMIT 2
            """, connection, transaction))
        {
            probe.Parameters.Add(new NpgsqlParameter { Value = hash });
            probe.Parameters.Add(new NpgsqlParameter { Value = link.JoinerId });
            if (await probe.ExecuteScalarAsync() is not false)
            {
                throw new InvalidOperationException("Unexpected membership.");
            }
        }

        Guid inviteId, householdId;
        string role;
        await using (var claim = new NpgsqlCommand("""
            UPDATE invites SET use_count = use_count + 1
            WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2 AND use_count < max_uses
            RETURNING id, household_id, role
            """, connection, transaction))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = hash });
            claim.Parameters.Add(new NpgsqlParameter { Value = now });
            await using var reader = await claim.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                throw new InvalidOperationException("Claim failed.");
            }

            (inviteId, householdId, role) = (reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2));
        }

        await using (var inserts = new NpgsqlBatch(connection, transaction))
        {
            var membership = new NpgsqlBatchCommand("INSERT INTO memberships (id, household_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4, $5)");
            membership.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7(now) });
            membership.Parameters.Add(new NpgsqlParameter { Value = householdId });
            membership.Parameters.Add(new NpgsqlParameter { Value = link.JoinerId });
            membership.Parameters.Add(new NpgsqlParameter { Value = role });
            membership.Parameters.Add(new NpgsqlParameter { Value = now });
            var redemption = new NpgsqlBatchCommand("INSERT INTO invite_redemptions (id, invite_id, user_id, redeemed_at) VALUES ($1, $2, $3, $4)");
            redemption.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7(now) });
            redemption.Parameters.Add(new NpgsqlParameter { Value = inviteId });
            redemption.Parameters.Add(new NpgsqlParameter { Value = link.JoinerId });
            redemption.Parameters.Add(new NpgsqlParameter { Value = now });
            inserts.BatchCommands.Add(membership);
            inserts.BatchCommands.Add(redemption);
            await inserts.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    public static async Task LookupAsync(NpgsqlDataSource dataSource, Link link)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT i.id, i.household_id, h.name, u.email, i.role, i.expires_at, i.revoked_at, i.use_count, i.max_uses
            FROM invites i JOIN households h ON i.household_id = h.id JOIN users u ON i.created_by_user_id = u.id
            WHERE i.token_hash = $1 LIMIT 2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = InviteToken.Hash(link.Token), NpgsqlDbType = NpgsqlDbType.Bytea });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("Unknown invite.");
        }
    }
}

internal sealed record Measurement(double OpsPerSecond, double P50, double P95)
{
    private const int Rounds = 4;

    /// <summary>
    /// Both sides in alternating rounds, so a neighbour's load on this shared machine hits both alike; the figures
    /// sum the rounds of each side (operations over the time spent on that side, latencies pooled).
    /// </summary>
    public static async Task<(Measurement A, Measurement B)> AlternateAsync(int count, int concurrency, Func<int, Task> a, Func<int, Task> b)
    {
        var (aTime, bTime) = (0.0, 0.0);
        var (aLatencies, bLatencies) = (new List<double>(count), new List<double>(count));
        var perRound = count / Rounds;
        for (var round = 0; round < Rounds; round++)
        {
            var offset = round * perRound;
            var size = round == Rounds - 1 ? count - offset : perRound;
            aTime += await TimeAsync(size, concurrency, i => a(offset + i), aLatencies);
            bTime += await TimeAsync(size, concurrency, i => b(offset + i), bLatencies);
        }

        return (Summarise(aLatencies, aTime), Summarise(bLatencies, bTime));
    }

    public static async Task<Measurement> RunAsync(int count, int concurrency, Func<int, Task> operation)
    {
        var latencies = new List<double>(count);
        return Summarise(latencies, await TimeAsync(count, concurrency, operation, latencies));
    }

    private static Measurement Summarise(List<double> latencies, double seconds)
    {
        latencies.Sort();
        var count = latencies.Count;
        return new Measurement(count / seconds, latencies[count / 2], latencies[Math.Min(count - 1, (int)(count * 0.95))]);
    }

    /// <summary>Operations 0..count-1 spread over <paramref name="concurrency"/> workers, each taking the next index; returns seconds.</summary>
    private static async Task<double> TimeAsync(int count, int concurrency, Func<int, Task> operation, List<double> into)
    {
        var latencies = new double[count];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var t0 = Stopwatch.GetTimestamp();
                await operation(i);
                latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        into.AddRange(latencies);
        return elapsed;
    }
}
