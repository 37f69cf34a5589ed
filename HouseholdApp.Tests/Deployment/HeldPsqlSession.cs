using System.Diagnostics;
using HouseholdApp.Tests.Infrastructure;
using Npgsql;

namespace HouseholdApp.Tests.Deployment;

/// <summary>
/// A real psql process signed in with the app's role and left open, as an operator's session would be while the
/// app is busy: it holds one of the role's connection slots for as long as it lives.
/// </summary>
public sealed class HeldPsqlSession : IAsyncDisposable
{
    private readonly Process process;
    private readonly string connectionString;
    private readonly string applicationName;

    private HeldPsqlSession(Process process, string connectionString, string applicationName)
    {
        this.process = process;
        this.connectionString = connectionString;
        this.applicationName = applicationName;
    }

    public static async Task<HeldPsqlSession> OpenAsync(string appConnectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(appConnectionString);
        var applicationName = $"held-psql-{Guid.NewGuid():N}"[..24];
        var info = new ProcessStartInfo(File.Exists("/usr/bin/psql") ? "/usr/bin/psql" : "psql")
        {
            ArgumentList =
            {
                "-X",
                "-q",
                "-h",
                settings.Host!,
                "-p",
                settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-U",
                settings.Username!,
                "-d",
                settings.Database!,
            },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["PGPASSWORD"] = settings.Password ?? "", ["PGAPPNAME"] = applicationName },
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("psql did not start");
        var session = new HeldPsqlSession(process, appConnectionString, applicationName);
        await Eventually.UntilAsync(
            async () =>
                process.HasExited
                    ? throw new InvalidOperationException($"psql ended: {await process.StandardError.ReadToEndAsync()}")
                    : await session.IsConnectedAsync(),
            "psql connects"
        );

        return session;
    }

    public void ShouldBeConnected()
    {
        process.HasExited.ShouldBeFalse();
        IsConnectedAsync().GetAwaiter().GetResult().ShouldBeTrue();
    }

    private async Task<bool> IsConnectedAsync()
    {
        // A fresh non-pooled connection: the check must not lean on the pool it is watching.
        await using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString
        );
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = @name",
            connection
        );
        command.Parameters.AddWithValue("name", applicationName);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await process.StandardInput.WriteLineAsync("\\q");
            process.StandardInput.Close();
            if (!process.WaitForExit(5000))
            {
                process.Kill();
            }
        }

        process.Dispose();
    }
}
