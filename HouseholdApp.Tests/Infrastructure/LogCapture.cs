using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>
/// An <see cref="ILoggerProvider"/> that keeps everything a log sink could print: the category, the formatted
/// message, every state value, the exception with its stack and the active scopes. Each entry starts with the level
/// and the category ("Warning Microsoft.AspNetCore…: …"). Register it with
/// <c>services.AddSingleton&lt;ILoggerProvider&gt;(capture)</c> in <see cref="TestApp.StartAsync"/>'s
/// configureServices.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Entries => [.. entries];

    /// <summary>Waits until an entry matches: the app logs some things (its request log) just after the response
    /// left.</summary>
    public Task WaitForAsync(Func<string, bool> match, string what = "a matching log entry") =>
        Eventually.UntilAsync(() => entries.Any(match), what);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        )
        {
            var text = new StringBuilder()
                .Append(logLevel)
                .Append(' ')
                .Append(category)
                .Append(": ")
                .Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append(" | ").Append(key).Append('=').Append(value);
                }
            }

            owner.scopes.ForEachScope(
                static (scope, sb) =>
                {
                    sb.Append(" | scope: ").Append(scope);
                    if (scope is IEnumerable<KeyValuePair<string, object?>> values)
                    {
                        foreach (var (key, value) in values)
                        {
                            sb.Append(' ').Append(key).Append('=').Append(value);
                        }
                    }
                },
                text
            );
            if (exception is not null)
            {
                text.Append(" | exception: ").Append(exception);
            }

            owner.entries.Enqueue(text.ToString());
        }
    }
}
