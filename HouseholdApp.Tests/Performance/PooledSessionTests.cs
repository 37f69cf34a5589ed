using System.Net;
using HouseholdApp.Data;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HouseholdApp.Tests.Performance;

/// <summary>
/// Nothing of one user's session reaches the next user of the same pooled physical connection, and a statement that
/// failed leaves none out of step; LISTEN lives on a connection of its own, outside the pool.
/// </summary>
public sealed class PooledSessionTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SessionStateOfOneUser_NeverReachesTheNextUserOfThePooledConnection()
    {
        // One pooled connection only, so every user below gets the very same PostgreSQL session.
        await using var app = await TestApp.StartAsync(
            env.Postgres,
            new Dictionary<string, string?> { ["Database:MaxPoolSize"] = "1" },
            "session"
        );
        var database = app.Services.GetRequiredService<DatabaseConnection>();
        new NpgsqlConnectionStringBuilder(database.ConnectionString).MaxAutoPrepare.ShouldBe(0);
        new NpgsqlConnectionStringBuilder(database.ConnectionString).NoResetOnClose.ShouldBeFalse();

        int backend;
        await using (var first = new NpgsqlConnection(database.ConnectionString))
        {
            await first.OpenAsync(Ct);
            backend = await ScalarAsync<int>(first, "SELECT pg_backend_pid()");
            for (var i = 0; i < 3; i++)
            {
                await ScalarAsync<long>(first, "SELECT count(*) FROM invites WHERE token_hash = $1", new byte[32]);
            }

            await ExecAsync(first, "SET app.private_note = 'secret of the first user'");
            await ExecAsync(first, "SET statement_timeout = 1234");
            await ExecAsync(first, "SET search_path = pg_catalog");
            await ExecAsync(first, "CREATE TEMP TABLE leftover (secret text)");
            await ExecAsync(first, "INSERT INTO leftover VALUES ('secret')");
            await ExecAsync(first, "SELECT pg_advisory_lock(4242)");
            await ExecAsync(first, "LISTEN private_channel");
            await ExecAsync(first, "DECLARE leftover_cursor CURSOR WITH HOLD FOR SELECT 1");
        }

        // A real request of the app takes the same connection in between.
        var client = app.CreateHttpClient();
        (await client.GetAsync($"/api/v1/invites/{InviteToken.Generate()}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NotFound
        );

        await using var next = new NpgsqlConnection(database.ConnectionString);
        await next.OpenAsync(Ct);
        (await ScalarAsync<int>(next, "SELECT pg_backend_pid()")).ShouldBe(
            backend,
            "the pool handed out the same session"
        );
        (
            await ScalarAsync<string>(next, "SELECT coalesce(current_setting('app.private_note', true), '')")
        ).ShouldBeEmpty();
        (await ScalarAsync<string>(next, "SHOW statement_timeout")).ShouldBe("0");
        (await ScalarAsync<string>(next, "SHOW search_path")).ShouldContain("public");
        (await ScalarAsync<bool>(next, "SELECT to_regclass('pg_temp.leftover') IS NULL")).ShouldBeTrue();
        (
            await ScalarAsync<long>(
                next,
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
            )
        ).ShouldBe(0);
        (await ScalarAsync<long>(next, "SELECT count(*) FROM pg_listening_channels()")).ShouldBe(0);
        (await ScalarAsync<long>(next, "SELECT count(*) FROM pg_cursors WHERE name = 'leftover_cursor'")).ShouldBe(0);
    }

    [Fact]
    public async Task AStatementThatFailedInARolledBackTransaction_RunsCorrectlyAfterwardsOnTheSameConnection()
    {
        // The app's own connection settings, one physical connection: every step below uses the same session.
        await using var app = await TestApp.StartAsync(
            env.Postgres,
            new Dictionary<string, string?> { ["Database:MaxPoolSize"] = "1" },
            "rollback"
        );
        var database = app.Services.GetRequiredService<DatabaseConnection>();
        // Each round's statement fails on its second use (the one that automatic preparation would prepare it on),
        // inside a transaction that is rolled back; its next uses, and other statements, must still answer correctly.
        // With Npgsql's automatic preparation on, the next use failed: "Received unexpected backend message DataRow".
        for (var round = 0; round < 4; round++)
        {
            var divide = $"SELECT 100 / $1 + {round}";
            for (var use = 0; use < 3; use++)
            {
                await using var connection = new NpgsqlConnection(database.ConnectionString);
                await connection.OpenAsync(Ct);
                if (use == 1)
                {
                    await using var transaction = await connection.BeginTransactionAsync(Ct);
                    (await ScalarAsync<string>(connection, "SELECT 'inside'")).ShouldBe("inside");
                    await Should.ThrowAsync<PostgresException>(() => ScalarAsync<int>(connection, divide, 0));
                    await transaction.RollbackAsync(Ct);
                    continue;
                }

                (await ScalarAsync<int>(connection, divide, 10)).ShouldBe(10 + round, $"round {round}, use {use}");
                (await ScalarAsync<string>(connection, "SELECT 'after'")).ShouldBe("after");
            }
        }
    }

    [Fact]
    public async Task Listen_RunsOnItsOwnUnpooledConnection()
    {
        await using var app = await TestApp.StartAsync(env.Postgres, prefix: "listen");
        var events = app.Services.GetRequiredService<HouseholdEvents>();
        await Eventually.UntilAsync(() => events.IsListening, "the events connection listens");
        var database = new NpgsqlConnectionStringBuilder(
            app.Services.GetRequiredService<DatabaseConnection>().ConnectionString
        );
        await using var admin = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString
        );
        await admin.OpenAsync(Ct);

        // The only session of this database that listens is the events connection, named as such.
        await using var command = new NpgsqlCommand(
            "SELECT application_name FROM pg_stat_activity "
                + "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                + "AND application_name = 'HouseholdApp events'",
            admin
        );
        (await command.ExecuteScalarAsync(Ct)).ShouldBe("HouseholdApp events");
    }

    [Fact]
    public async Task AJoin_TellsPagesOnItsOwnInstance_AndOnAnotherInstance_InTheRedemptionsOwnStatement()
    {
        // Two instances on one database, as behind a load balancer; the redemption's statement itself notifies.
        await using var a = await TestApp.StartAsync(env.Postgres, prefix: "notifya");
        await using var b = new TestApp(a.ConnectionString);
        b.StartServer();
        var eventsA = a.Services.GetRequiredService<HouseholdEvents>();
        var eventsB = b.Services.GetRequiredService<HouseholdEvents>();
        await Eventually.UntilAsync(() => eventsA.IsListening && eventsB.IsListening, "both instances listen");
        var owner = await a.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync("Two doors");
        var heardOnA = 0;
        var heardOnB = 0;
        using var onA = eventsA.Subscribe(householdId, () =>
        {
            Interlocked.Increment(ref heardOnA);
            return Task.CompletedTask;
        });
        using var onB = eventsB.Subscribe(householdId, () =>
        {
            Interlocked.Increment(ref heardOnB);
            return Task.CompletedTask;
        });
        var link = await owner.CreateLinkAsync(householdId);
        await Eventually.UntilAsync(
            () => Volatile.Read(ref heardOnA) >= 1 && Volatile.Read(ref heardOnB) >= 1,
            "both instances heard of the new link"
        );
        var beforeA = Volatile.Read(ref heardOnA);
        var beforeB = Volatile.Read(ref heardOnB);

        var joiner = await a.CreateUserAsync("joiner");
        (await joiner.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );

        await Eventually.UntilAsync(
            () => Volatile.Read(ref heardOnA) > beforeA && Volatile.Read(ref heardOnB) > beforeB,
            "both instances heard of the join"
        );
        // Once each: A from its own service, B from the statement's notice (A ignores its own).
        Volatile.Read(ref heardOnA).ShouldBe(beforeA + 1);

        // A refused join (the link is used up) commits nothing, so it tells nobody.
        var late = await a.CreateUserAsync("late");
        (await late.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Gone
        );
        var afterB = Volatile.Read(ref heardOnB);
        await using (var connection = new NpgsqlConnection(a.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await ExecAsync(connection, $"SELECT pg_notify('{HouseholdEvents.Channel}', 'probe:{householdId}')");
        }

        // Each instance hears notices in commit order on its one listening connection: once both have heard the probe
        // (a notice from neither of them), anything the refused join had sent would have arrived before it.
        await Eventually.UntilAsync(
            () => Volatile.Read(ref heardOnB) > afterB && Volatile.Read(ref heardOnA) > beforeA + 1,
            "both instances heard the probe"
        );
        Volatile.Read(ref heardOnB).ShouldBe(afterB + 1);
        Volatile.Read(ref heardOnA).ShouldBe(beforeA + 2);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
