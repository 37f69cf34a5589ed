using Npgsql;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>Makes the database fail on purpose, to test what the app does when a write fails half-way.</summary>
public static class FailureInjection
{
    /// <summary>
    /// A trigger that fails every membership insert into one household (with 'injected failure'), until disposed.
    /// Other households, and other tests on the same database, are not affected.
    /// </summary>
    public static Task<IAsyncDisposable> FailMembershipInsertsAsync(this TestApp app, Guid householdId) =>
        FailRowsAsync(
            app,
            $"fail_{householdId:N}",
            "INSERT",
            "memberships",
            $"NEW.household_id = '{householdId}'",
            "RAISE EXCEPTION 'injected failure'"
        );

    /// <summary>
    /// A trigger that aborts every deletion of one account as a deadlock (SQLSTATE 40P01), as PostgreSQL would abort
    /// the loser of one, until disposed.
    /// </summary>
    public static Task<IAsyncDisposable> FailAccountDeletesAsDeadlocksAsync(this TestApp app, string userId) =>
        FailRowsAsync(
            app,
            $"deadlock_{Guid.NewGuid():N}",
            "DELETE",
            "users",
            $"OLD.id = '{userId}'",
            "RAISE EXCEPTION 'injected deadlock' USING ERRCODE = 'deadlock_detected'"
        );

    /// <summary>A trigger (and its function) named <paramref name="name"/> that runs <paramref name="raise"/> before
    /// each <paramref name="operation"/> on <paramref name="table"/> of a row matching <paramref name="condition"/>;
    /// disposing it drops both.</summary>
    private static async Task<IAsyncDisposable> FailRowsAsync(
        TestApp app,
        string name,
        string operation,
        string table,
        string condition,
        string raise
    )
    {
        await ExecuteAsync(
            app,
            $"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN {raise}; END $$;
            CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW
            WHEN ({condition}) EXECUTE FUNCTION {name}();
            """
        );
        return new Cleanup(() => ExecuteAsync(app, $"DROP TRIGGER {name} ON {table}; DROP FUNCTION {name}();"));
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
