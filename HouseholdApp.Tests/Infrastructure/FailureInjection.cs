using Npgsql;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>Makes the database fail on purpose, to test what the app does when a write fails half-way.</summary>
public static class FailureInjection
{
    /// <summary>
    /// A trigger that fails every membership insert into one household (with 'injected failure'), until disposed.
    /// Other households, and other tests on the same database, are not affected.
    /// </summary>
    public static async Task<IAsyncDisposable> FailMembershipInsertsAsync(this TestApp app, Guid householdId)
    {
        var name = $"fail_{householdId:N}";
        await ExecuteAsync(
            app,
            $"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'injected failure'; END $$;
            CREATE TRIGGER {name} BEFORE INSERT ON memberships FOR EACH ROW
            WHEN (NEW.household_id = '{householdId}') EXECUTE FUNCTION {name}();
            """
        );
        return new Cleanup(() => ExecuteAsync(app, $"DROP TRIGGER {name} ON memberships; DROP FUNCTION {name}();"));
    }

    /// <summary>
    /// A trigger that aborts every deletion of one account as a deadlock (SQLSTATE 40P01), as PostgreSQL would abort
    /// the loser of one, until disposed.
    /// </summary>
    public static async Task<IAsyncDisposable> FailAccountDeletesAsDeadlocksAsync(this TestApp app, string userId)
    {
        var name = $"deadlock_{Guid.NewGuid():N}";
        await ExecuteAsync(
            app,
            $"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'injected deadlock' USING ERRCODE = 'deadlock_detected'; END $$;
            CREATE TRIGGER {name} BEFORE DELETE ON users FOR EACH ROW
            WHEN (OLD.id = '{userId}') EXECUTE FUNCTION {name}();
            """
        );
        return new Cleanup(() => ExecuteAsync(app, $"DROP TRIGGER {name} ON users; DROP FUNCTION {name}();"));
    }

    private static async Task ExecuteAsync(TestApp app, string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private sealed class Cleanup(Func<Task> action) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await action();
    }
}
