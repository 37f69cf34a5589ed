using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using HouseholdApp.Data;
using HouseholdApp.Features.Activity;
using HouseholdApp.Features.Households;
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
        var circuits = ArgValue("--circuits", 100);
        var wrkRound = TimeSpan.FromSeconds(ArgValue("--wrk-seconds", 5));
        var coldVisits = ArgValue("--cold-visits", 3);
        var burst = ArgValue("--burst", 100);
        var coldOnly = Environment.GetCommandLineArgs().Contains("--cold-only");
        const int WarmUp = 300;

        Console.WriteLine(
            $"HouseholdApp invite benchmark: {households} redemptions per side, {lookups} look-ups per row, "
                + $"{concurrency} concurrent clients, {Environment.ProcessorCount} cores"
        );
        // Durable defaults (fsync on), so the figures resemble a real server; HOUSEHOLDAPP_BENCH_DB names an existing
        // one.
        await using var postgres = await PostgresCluster.StartAsync(
            new PostgresClusterOptions(
                "HOUSEHOLDAPP_BENCH_DB",
                "householdapp-bench",
                InitdbArguments: "",
                ServerSettings: "-c max_connections=200 -c shared_buffers=256MB",
                StopMode: "fast"
            )
        );
        var connectionString = await postgres.CreateDatabaseAsync("bench");
        await using var app = new BenchApp(connectionString);
        app.StartServer();
        // The raw side uses the app's own connection settings, so only what surrounds the statements differs.
        var appConnection = app.Services.GetRequiredService<DatabaseConnection>().ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(appConnection) { MaxPoolSize = concurrency + 8 }.ConnectionString
        );

        var seeder = new Seeder(dataSource, app.Services);
        var appRedeem = await seeder.SeedAsync(households + WarmUp);
        var sqlRedeem = await seeder.SeedAsync(households + WarmUp);
        var lookupSet = await seeder.SeedAsync(1000);
        await Exec(dataSource, "VACUUM ANALYZE");

        using var http = new HttpClient(
            new SocketsHttpHandler
            {
                MaxConnectionsPerServer = concurrency,
                UseCookies = false,
                AllowAutoRedirect = false,
            }
        )
        {
            BaseAddress = app.ClientOptions.BaseAddress,
        };

        var meter = await CpuMeter.CreateAsync(dataSource);
        Console.WriteLine(
            $"CPU figures: app = this process ({Environment.ProcessId}: "
                + "the app on Kestrel plus the in-process HTTP client), "
                + $"PostgreSQL = postmaster {meter.PostmasterPid} and all its backends"
        );
        Console.WriteLine($"load average at start: {CpuMeter.LoadAverage()}");
        var results = new List<(string Name, string BaselineName, Measurement App, Measurement Baseline)>();
        var pageOnly = Environment.GetCommandLineArgs().Contains("--page-only");
        var summary = new Summary();

        // (0) What a phone feels: cold visits of a pending link's landing page, before any load heats the machine.
        if (coldVisits > 0)
        {
            summary.ColdLoad = await ColdLoad.MeasureAsync(
                app.ClientOptions.BaseAddress,
                $"/invites/{lookupSet[^1].Token}",
                coldVisits
            );
            if (summary.ColdLoad is not null)
            {
                ColdLoad.Print(summary.ColdLoad);
            }

            if (coldOnly)
            {
                summary.Print();
                return 0;
            }
        }

        // (a) Redemptions: distinct users accepting distinct single-use links; both sides warm up on their first links.
        async Task AcceptAsync(int i)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invites/{appRedeem[i].Token}/accept");
            request.Headers.Authorization = new("Bearer", appRedeem[i].Bearer);
            using var response = await http.SendAsync(request);
            Expect(response, HttpStatusCode.OK);
        }

        if (!pageOnly)
        {
            await Measurement.RunAsync(WarmUp, concurrency, AcceptAsync, meter);
            await Measurement.RunAsync(WarmUp, concurrency, i => RawSql.RedeemAsync(dataSource, sqlRedeem[i]), meter);
            var (appRedemption, sqlRedemption) = await Measurement.AlternateAsync(
                households,
                concurrency,
                i => AcceptAsync(WarmUp + i),
                i => RawSql.RedeemAsync(dataSource, sqlRedeem[WarmUp + i]),
                meter
            );
            results.Add(("redeem: POST /api/v1/invites/{token}/accept", "raw SQL", appRedemption, sqlRedemption));
            await seeder.VerifyRedemptionsAsync(appRedeem);
            await seeder.VerifyRedemptionsAsync(sqlRedeem);
            summary.Redemption = appRedemption.OpsPerSecond / sqlRedemption.OpsPerSecond;
        }

        // (a') A link posted to a group chat: everybody accepts it at the same moment.
        if (!pageOnly && burst > 0)
        {
            summary.Burst = await BurstJoin.MeasureAsync(app, dataSource, burst);
            BurstJoin.Print(summary.Burst);
        }

        // (b) Look-ups of pending links, anonymous.
        async Task ApiLookupAsync(int i)
        {
            using var response = await http.GetAsync($"/api/v1/invites/{lookupSet[i % lookupSet.Count].Token}");
            Expect(response, HttpStatusCode.OK);
        }

        Task SqlLookupAsync(int i) => RawSql.LookupAsync(dataSource, lookupSet[i % lookupSet.Count]);

        // The app's floor per request on this machine: HTTP alone, no database.
        async Task LiveAsync(int i)
        {
            using var response = await http.GetAsync("/health/live");
            Expect(response, HttpStatusCode.OK);
            await response.Content.LoadIntoBufferAsync();
        }

        await Measurement.RunAsync(2000, concurrency, LiveAsync, meter);
        if (!pageOnly)
        {
            await Measurement.RunAsync(2000, concurrency, ApiLookupAsync, meter);
            await Measurement.RunAsync(2000, concurrency, SqlLookupAsync, meter);
            var (apiLookup, sqlLookup) = await Measurement.AlternateAsync(
                lookups,
                concurrency,
                ApiLookupAsync,
                SqlLookupAsync,
                meter
            );
            results.Add(("look-up: GET /api/v1/invites/{token}", "raw SQL", apiLookup, sqlLookup));
            summary.ApiLookupP99 = apiLookup.P99;
            var (apiLookupVsLive, liveForApi) = await Measurement.AlternateAsync(
                lookups,
                concurrency,
                ApiLookupAsync,
                LiveAsync,
                meter
            );
            results.Add(("look-up: GET /api/v1/invites/{token}", "/health/live", apiLookupVsLive, liveForApi));

            // Context: the service alone, called in-process (no HTTP, no authentication).
            async Task ServiceLookupAsync(int i)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var preview = await scope
                    .ServiceProvider.GetRequiredService<InviteRedemptionService>()
                    .LookupAsync(lookupSet[i % lookupSet.Count].Token, null);
                if (preview.State != InviteState.Valid)
                {
                    throw new InvalidOperationException(preview.State.ToString());
                }
            }

            await Measurement.RunAsync(2000, concurrency, ServiceLookupAsync, meter);
            var serviceLookup = await Measurement.RunAsync(lookups, concurrency, ServiceLookupAsync, meter);
            Console.WriteLine(
                $"service only: LookupAsync {serviceLookup.OpsPerSecond:0} ops/s, "
                    + $"{serviceLookup.AppCpuUs:0} µs app CPU, "
                    + $"{serviceLookup.DbCpuUs:0} µs PostgreSQL CPU per call"
            );
        }

        var probe = await http.GetAsync($"/invites/{lookupSet[0].Token}");
        var probeBody = await probe.Content.ReadAsStringAsync();
        if (probeBody.Contains("data-invite-state", StringComparison.Ordinal))
        {
            Console.WriteLine(
                $"landing page: {System.Text.Encoding.UTF8.GetByteCount(probeBody)} bytes of HTML, "
                    + $"{probe.Headers.Count() + probe.Content.Headers.Count()} headers"
            );
            async Task PageAsync(int i)
            {
                using var response = await http.GetAsync($"/invites/{lookupSet[i % lookupSet.Count].Token}");
                Expect(response, HttpStatusCode.OK);
                await response.Content.LoadIntoBufferAsync();
            }

            await Measurement.RunAsync(Math.Max(2000, lookups / 2), concurrency, PageAsync, meter);
            var (page, liveForPage) = await Measurement.AlternateAsync(
                lookups,
                concurrency,
                PageAsync,
                LiveAsync,
                meter
            );
            results.Add(("look-up: GET /invites/{token} (page)", "/health/live", page, liveForPage));
            var (pageVsSql, sqlForPage) = await Measurement.AlternateAsync(
                lookups,
                concurrency,
                PageAsync,
                SqlLookupAsync,
                meter
            );
            results.Add(("look-up: GET /invites/{token} (page)", "raw SQL", pageVsSql, sqlForPage));

            if (Wrk.Executable is not null)
            {
                // The same look-ups as the performance issue measured them: wrk, a second process, so this process runs
                // only the server.
                var pagePaths = lookupSet.Select(l => $"/invites/{l.Token}").ToList();
                var (wrkPage, wrkLive) = await Wrk.AlternateAsync(
                    app.ClientOptions.BaseAddress,
                    pagePaths,
                    ["/health/live"],
                    concurrency,
                    wrkRound,
                    meter
                );
                results.Add(("look-up: GET /invites/{token} (page), wrk", "/health/live, wrk", wrkPage, wrkLive));
                if (!pageOnly)
                {
                    var apiPaths = lookupSet.Select(l => $"/api/v1/invites/{l.Token}").ToList();
                    var (wrkApi, wrkApiLive) = await Wrk.AlternateAsync(
                        app.ClientOptions.BaseAddress,
                        apiPaths,
                        ["/health/live"],
                        concurrency,
                        wrkRound,
                        meter
                    );
                    results.Add(("look-up: GET /api/v1/invites/{token}, wrk", "/health/live, wrk", wrkApi, wrkApiLive));
                    summary.ApiLookupP99 = wrkApi.P99;
                }
            }
            else
            {
                Console.WriteLine(
                    "(wrk is not installed, `apt-get install wrk`: "
                        + "the rows with load from a second process are skipped)"
                );
            }
        }
        else
        {
            Console.WriteLine("(the landing page /invites/{token} is not built in this branch: page row skipped)");
        }

        if (circuits > 0)
        {
            summary.CircuitRssKb = await Circuits.MeasureAsync(app, circuits);
        }

        Console.WriteLine();
        Console.WriteLine(
            "Each row: the operation and its baseline in alternating rounds. "
                + "CPU in µs per request (app process / PostgreSQL); "
                + "app GCs: gen0 collections during the app's rounds and the share of their time spent paused; "
                + "load = 1-minute load average after the row."
        );
        Console.WriteLine(
            "| operation | baseline | app ops/s | app p50 ms | app p99 ms | app CPU µs | PG CPU µs | "
                + "app GCs (pauses) | baseline ops/s | baseline p99 ms | baseline app CPU µs | "
                + "baseline PG CPU µs | app / baseline | load |"
        );
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, baselineName, a, b) in results)
        {
            Console.WriteLine(
                $"| {name} | {baselineName} | {a.OpsPerSecond:0} | {a.P50:0.0} | {a.P99:0.0} | "
                    + $"{a.AppCpuUs:0} | {a.DbCpuUs:0} | {a.Gcs} ({a.GcPauseMs / a.Seconds / 10:0.0}%) | "
                    + $"{b.OpsPerSecond:0} | {b.P99:0.0} | {b.AppCpuUs:0} | {b.DbCpuUs:0} | "
                    + $"{a.OpsPerSecond / b.OpsPerSecond:0.000} | {b.Load} |"
            );
        }

        if (
            results.FirstOrDefault(r => r.Name.EndsWith("(page), wrk", StringComparison.Ordinal)) is
            { App: { } pageRow, Baseline: { } liveRow }
        )
        {
            summary.PageVsLive = (pageRow.OpsPerSecond / liveRow.OpsPerSecond, pageRow.P99);
        }

        summary.Print();
        return 0;

        static void Expect(HttpResponseMessage response, HttpStatusCode status)
        {
            if (response.StatusCode != status)
            {
                throw new InvalidOperationException(
                    $"Expected {(int)status}, got {(int)response.StatusCode}: "
                        + $"{response.Content.ReadAsStringAsync().Result}"
                );
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

/// <summary>The real app on Kestrel (loopback) in its shipped configuration (logging as shipped); only the per-IP
/// limits raised.</summary>
internal sealed class BenchApp(string connectionString) : WebApplicationFactory<global::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        UseKestrel(0);
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Default", connectionString);
        builder.UseSetting("RateLimiting:InviteLookup:PermitLimit", "1000000");
        builder.UseSetting("RateLimiting:InviteRedeem:PermitLimit", "1000000");
    }
}

internal sealed record Link(string Token, byte[] Hash, Guid InviteId, Guid HouseholdId, string JoinerId, string Bearer);

/// <summary>Households, owners, single-use links and the people who will redeem them, written in bulk.</summary>
internal sealed class Seeder(NpgsqlDataSource dataSource, IServiceProvider services)
{
    public async Task<List<Link>> SeedAsync(int count)
    {
        var links = new List<Link>(count);
        var owners = new string[count];
        var householdIds = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            var token = InviteToken.Generate();
            owners[i] = Guid.NewGuid().ToString();
            householdIds[i] = Guid.NewGuid();
            var joiner = Guid.NewGuid().ToString();
            links.Add(
                new Link(
                    token,
                    InviteToken.Hash(token),
                    Guid.CreateVersion7(),
                    householdIds[i],
                    joiner,
                    Bearer(services, joiner)
                )
            );
        }

        var users = owners.Concat(links.Select(l => l.JoinerId)).ToArray();
        await using var batch = dataSource.CreateBatch();
        AddPeople(batch, users);
        batch.BatchCommands.Add(
            Command(
                "INSERT INTO households (id, name, created_at) SELECT h, 'Bench', now() FROM unnest($1::uuid[]) AS h",
                householdIds
            )
        );
        batch.BatchCommands.Add(
            Command(
                """
                INSERT INTO memberships (id, household_id, user_id, role, joined_at)
                SELECT gen_random_uuid(), h, o, 'Owner', now() FROM unnest($1::uuid[], $2::text[]) AS x(h, o)
                """,
                householdIds,
                owners
            )
        );
        batch.BatchCommands.Add(
            Command(
                """
                INSERT INTO invites
                  (id, household_id, token_hash, role, created_by_user_id, created_at, expires_at, max_uses, use_count)
                SELECT i, h, t, 'Member', o, now(), now() + interval '7 days', 1, 0
                FROM unnest($1::uuid[], $2::uuid[], $3::bytea[], $4::text[]) AS x(i, h, t, o)
                """,
                links.Select(l => l.InviteId).ToArray(),
                householdIds,
                links.Select(l => l.Hash).ToArray(),
                owners
            )
        );
        await batch.ExecuteNonQueryAsync();
        return links;
    }

    /// <summary>
    /// A person's bearer token as the app's sign-in makes it: the user id, the security stamp and a server-side
    /// session (<see cref="AddPeople"/> writes one per person, with the person's id as its id and stamp).
    /// </summary>
    public static string Bearer(IServiceProvider services, string userId)
    {
        var protector = services
            .GetRequiredService<IOptionsMonitor<BearerTokenOptions>>()
            .Get(IdentityConstants.BearerScheme)
            .BearerTokenProtector;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var identity = new ClaimsIdentity(
            [
                new Claim(claims.UserIdClaimType, userId),
                new Claim(claims.UserNameClaimType, $"{userId}@bench.example"),
                new Claim(claims.SecurityStampClaimType, userId),
                new Claim(HouseholdApp.Features.Sessions.UserSessions.ClaimType, userId),
            ],
            IdentityConstants.BearerScheme
        );
        var properties = new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(2) };
        return protector.Protect(
            new AuthenticationTicket(new ClaimsPrincipal(identity), properties, IdentityConstants.BearerScheme)
        );
    }

    /// <summary>Confirmed accounts for these ids, each with an API session (see <see cref="Bearer"/>).</summary>
    public static void AddPeople(NpgsqlBatch batch, string[] users)
    {
        batch.BatchCommands.Add(
            Command(
                """
                INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed,
                                   security_stamp, concurrency_stamp,
                                   phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
                SELECT u, u || '@bench.example', upper(u || '@bench.example'), u || '@bench.example',
                       upper(u || '@bench.example'), true, u, u, false, false, true, 0
                FROM unnest($1::text[]) AS u
                """,
                users
            )
        );
        batch.BatchCommands.Add(
            Command(
                """
                INSERT INTO user_sessions (id, user_id, kind, security_stamp, created_at, last_seen_at)
                SELECT u, u, 'Api', u, now(), now() FROM unnest($1::text[]) AS u
                """,
                users
            )
        );
    }

    /// <summary>
    /// Each side did exactly what it claims: every link used up, and per link one member, one redemption and one
    /// activity entry.
    /// </summary>
    public async Task VerifyRedemptionsAsync(List<Link> set)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT count(*) FILTER (WHERE i.use_count = 1),
                   (SELECT count(*) FROM memberships m WHERE m.household_id = ANY($1) AND m.role = 'Member'),
                   (SELECT count(*) FROM invite_redemptions r WHERE r.invite_id = ANY($2)),
                   (SELECT count(*) FROM household_activity a WHERE a.invite_id = ANY($2) AND a.kind = 'Joined')
            FROM invites i WHERE i.id = ANY($2)
            """
        );
        command.Parameters.Add(new NpgsqlParameter { Value = set.Select(l => l.HouseholdId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = set.Select(l => l.InviteId).ToArray() });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (used, members, redemptions, joins) = (
            reader.GetInt64(0),
            reader.GetInt64(1),
            reader.GetInt64(2),
            reader.GetInt64(3)
        );
        var joined = set.Count;
        if (used != set.Count || members != joined || redemptions != joined || joins != joined)
        {
            throw new InvalidOperationException(
                $"Expected {set.Count} links used and {joined} joins, "
                    + $"found used={used} members={members} redemptions={redemptions} activity={joins}."
            );
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

/// <summary>The statements the service runs, sent straight through Npgsql: the floor the app is measured
/// against.</summary>
internal static class RawSql
{
    /// <summary>
    /// The statements the service's redemption runs, with the same values, in as few round trips as Npgsql allows: in
    /// one transaction the claim, then the membership, the redemption record, the activity entry and the activity's
    /// pruning in one batch, the commit; after it, the notice to other instances on a pooled connection. What the app
    /// adds beyond this is HTTP, authentication and its session check, and EF Core.
    /// </summary>
    public static async Task RedeemAsync(NpgsqlDataSource dataSource, Link link)
    {
        var now = DateTimeOffset.UtcNow;
        Guid inviteId,
            householdId;
        string role;
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var claim = new NpgsqlCommand(InviteRules.ClaimSql, connection, transaction))
            {
                claim.Parameters.Add(new NpgsqlParameter("hash", InviteToken.Hash(link.Token)));
                claim.Parameters.Add(new NpgsqlParameter("now", now));
                claim.Parameters.Add(new NpgsqlParameter("user", link.JoinerId));
                await using var reader = await claim.ExecuteReaderAsync();
                if (!await reader.ReadAsync())
                {
                    throw new InvalidOperationException("Claim failed.");
                }

                (inviteId, householdId, role) = (reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2));
            }

            await using var records = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    Statement(
                        "INSERT INTO memberships (id, household_id, joined_at, role, user_id) "
                            + "VALUES ($1, $2, $3, $4, $5)",
                        Guid.CreateVersion7(now),
                        householdId,
                        now,
                        role,
                        link.JoinerId
                    ),
                    Statement(
                        "INSERT INTO invite_redemptions (id, invite_id, redeemed_at, user_id) VALUES ($1, $2, $3, $4)",
                        Guid.CreateVersion7(now),
                        inviteId,
                        now,
                        link.JoinerId
                    ),
                    Statement(
                        "INSERT INTO household_activity "
                            + "(id, actor_user_id, household_id, invite_id, kind, occurred_at, role) "
                            + "VALUES ($1, $2, $3, $4, 'Joined', $5, $6)",
                        Guid.CreateVersion7(now),
                        link.JoinerId,
                        householdId,
                        inviteId,
                        now,
                        role
                    ),
                    Statement(
                        "DELETE FROM household_activity WHERE household_id = $1 AND occurred_at < $2",
                        householdId,
                        now.AddDays(-HouseholdActivity.RetentionDays)
                    ),
                },
            };
            await records.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        await using var notify = dataSource.CreateCommand("SELECT pg_notify($1, $2)");
        notify.Parameters.Add(new NpgsqlParameter { Value = HouseholdEvents.Channel });
        notify.Parameters.Add(new NpgsqlParameter { Value = $"bench:{householdId}" });
        await notify.ExecuteNonQueryAsync();
    }

    /// <summary>One statement of a batch, with positional parameters (scalars: the seeder's batches bind
    /// arrays).</summary>
    private static NpgsqlBatchCommand Statement(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    public static async Task LookupAsync(NpgsqlDataSource dataSource, Link link)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT i.id, i.household_id, h.name, u.email, i.role, i.expires_at, i.revoked_at, i.use_count, i.max_uses
            FROM invites i JOIN households h ON i.household_id = h.id JOIN users u ON i.created_by_user_id = u.id
            WHERE i.token_hash = $1 LIMIT 2
            """
        );
        command.Parameters.Add(
            new NpgsqlParameter { Value = InviteToken.Hash(link.Token), NpgsqlDbType = NpgsqlDbType.Bytea }
        );
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("Unknown invite.");
        }
    }
}

/// <summary>CPU time of this process and of the PostgreSQL cluster (postmaster and backends), read from
/// /proc.</summary>
internal sealed class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public int PostmasterPid { get; private init; }

    public static async Task<CpuMeter> CreateAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_backend_pid()");
        var backend = (int)(await command.ExecuteScalarAsync())!;
        return new CpuMeter { PostmasterPid = ParentOf(backend) };
    }

    /// <summary>CPU so far: this process and the cluster (including backends that have exited), and this process's
    /// GCs.</summary>
    public CpuUse Read()
    {
        var app = Ticks(Stat("self"), children: false);
        var db = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, out var pid))
            {
                continue;
            }

            var stat = Stat(name);
            if (stat is null)
            {
                continue;
            }

            if (pid == PostmasterPid)
            {
                db += Ticks(stat, children: true);
            }
            else if (Field(stat, 4) == PostmasterPid.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                db += Ticks(stat, children: false);
            }
        }

        return new CpuUse(
            app / TicksPerSecond,
            db / TicksPerSecond,
            GC.CollectionCount(0),
            GC.GetTotalPauseDuration().TotalMilliseconds
        );
    }

    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static int ParentOf(int pid) =>
        int.Parse(
            Field(Stat(pid.ToString(System.Globalization.CultureInfo.InvariantCulture))!, 4),
            System.Globalization.CultureInfo.InvariantCulture
        );

    private static string? Stat(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Field n (1-based, as in proc(5)) of a stat line; the command name in parentheses may hold
    /// spaces.</summary>
    private static string Field(string stat, int n) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[n - 3];

    private static long Ticks(string? stat, bool children)
    {
        if (stat is null)
        {
            return 0;
        }

        long F(int n) => long.Parse(Field(stat, n), System.Globalization.CultureInfo.InvariantCulture);
        return F(14) + F(15) + (children ? F(16) + F(17) : 0);
    }
}

/// <summary>Seconds of CPU of the app's process and of PostgreSQL, and the app's gen0 collections and GC pause
/// time.</summary>
internal readonly record struct CpuUse(double App, double Db, int Gcs, double GcPauseMs)
{
    public static CpuUse operator -(CpuUse a, CpuUse b) =>
        new(a.App - b.App, a.Db - b.Db, a.Gcs - b.Gcs, a.GcPauseMs - b.GcPauseMs);

    public static CpuUse operator +(CpuUse a, CpuUse b) =>
        new(a.App + b.App, a.Db + b.Db, a.Gcs + b.Gcs, a.GcPauseMs + b.GcPauseMs);
}

internal sealed record Measurement(
    double OpsPerSecond,
    double P50,
    double P99,
    double AppCpuUs,
    double DbCpuUs,
    string Load,
    int Gcs = 0,
    double GcPauseMs = 0,
    double Seconds = 0
)
{
    private const int Rounds = 4;

    /// <summary>The figures of <paramref name="requests"/> answered in <paramref name="seconds"/> at the cost <paramref
    /// name="cpu"/>.</summary>
    public static Measurement Of(long requests, double seconds, double p50, double p99, CpuUse cpu) =>
        new(
            requests / seconds,
            p50,
            p99,
            cpu.App * 1e6 / requests,
            cpu.Db * 1e6 / requests,
            CpuMeter.LoadAverage(),
            cpu.Gcs,
            cpu.GcPauseMs,
            seconds
        );

    /// <summary>
    /// Both sides in alternating rounds, so a neighbour's load on this shared machine hits both alike; the figures
    /// sum the rounds of each side (operations over the time spent on that side, latencies pooled, CPU summed).
    /// </summary>
    public static async Task<(Measurement A, Measurement B)> AlternateAsync(
        int count,
        int concurrency,
        Func<int, Task> a,
        Func<int, Task> b,
        CpuMeter meter
    )
    {
        var (aSide, bSide) = (new Side(count), new Side(count));
        var perRound = count / Rounds;
        for (var round = 0; round < Rounds; round++)
        {
            var offset = round * perRound;
            var size = round == Rounds - 1 ? count - offset : perRound;
            await TimeAsync(size, concurrency, i => a(offset + i), aSide, meter);
            await TimeAsync(size, concurrency, i => b(offset + i), bSide, meter);
        }

        return (aSide.Summarise(), bSide.Summarise());
    }

    public static async Task<Measurement> RunAsync(
        int count,
        int concurrency,
        Func<int, Task> operation,
        CpuMeter meter
    )
    {
        var side = new Side(count);
        await TimeAsync(count, concurrency, operation, side, meter);
        return side.Summarise();
    }

    private sealed class Side(int capacity)
    {
        public List<double> Latencies { get; } = new(capacity);

        public double Seconds { get; set; }

        public CpuUse Cpu { get; set; }

        public Measurement Summarise()
        {
            Latencies.Sort();
            var count = Latencies.Count;
            return Of(count, Seconds, Latencies[count / 2], Latencies[Math.Min(count - 1, (int)(count * 0.99))], Cpu);
        }
    }

    /// <summary>Operations 0..count-1 spread over <paramref name="concurrency"/> workers, each taking the next
    /// index.</summary>
    private static async Task TimeAsync(
        int count,
        int concurrency,
        Func<int, Task> operation,
        Side into,
        CpuMeter meter
    )
    {
        var latencies = new double[count];
        var next = -1;
        var cpu0 = meter.Read();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(
            Enumerable
                .Range(0, concurrency)
                .Select(_ =>
                    Task.Run(async () =>
                    {
                        int i;
                        while ((i = Interlocked.Increment(ref next)) < count)
                        {
                            var t0 = Stopwatch.GetTimestamp();
                            await operation(i);
                            latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                        }
                    })
                )
        );
        into.Seconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
        into.Cpu += meter.Read() - cpu0;
        into.Latencies.AddRange(latencies);
    }
}
