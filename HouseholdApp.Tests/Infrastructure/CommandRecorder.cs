using System.Collections.Concurrent;
using System.Data.Common;
using HouseholdApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>Records the text of every SQL command the app sends through EF Core (queries, writes, raw SQL).</summary>
public sealed class CommandRecorder : DbCommandInterceptor
{
    private readonly ConcurrentQueue<string> commands = new();

    public IReadOnlyList<string> Commands => [.. commands];

    public void Clear() => commands.Clear();

    public override InterceptionResult<DbDataReader> ReaderExecuting(
        DbCommand command,
        CommandEventData eventData,
        InterceptionResult<DbDataReader> result
    )
    {
        commands.Enqueue(command.CommandText);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command,
        CommandEventData eventData,
        InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default
    )
    {
        commands.Enqueue(command.CommandText);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(
        DbCommand command,
        CommandEventData eventData,
        InterceptionResult<int> result
    )
    {
        commands.Enqueue(command.CommandText);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command,
        CommandEventData eventData,
        InterceptionResult<int> result,
        CancellationToken cancellationToken = default
    )
    {
        commands.Enqueue(command.CommandText);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(
        DbCommand command,
        CommandEventData eventData,
        InterceptionResult<object> result
    )
    {
        commands.Enqueue(command.CommandText);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command,
        CommandEventData eventData,
        InterceptionResult<object> result,
        CancellationToken cancellationToken = default
    )
    {
        commands.Enqueue(command.CommandText);
        return ValueTask.FromResult(result);
    }
}

/// <summary>
/// A class fixture: one app for a test class whose every SQL command is recorded (tests of a class run one after
/// another, so each clears <see cref="Commands"/> before the part it checks).
/// </summary>
public sealed class RecordedApp(TestEnvironment env) : IAsyncLifetime
{
    public CommandRecorder Commands { get; } = new();

    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        App = await TestApp.StartAsync(
            env.Postgres,
            new Dictionary<string, string?> { ["Sessions:ValidationInterval"] = "00:01:00" },
            "recorded",
            configureServices: s => s.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(Commands))
        );

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}
