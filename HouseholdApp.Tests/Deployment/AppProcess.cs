using System.Diagnostics;
using System.Text;

namespace HouseholdApp.Tests.Deployment;

/// <summary>
/// The app as an operator runs it: its own process (<c>dotnet HouseholdApp.dll</c> from the test's output), with
/// settings in environment variables, for what only a real process shows (exit codes, messages before the host runs).
/// </summary>
public static class AppProcess
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromMinutes(2);

    public static string AppPath => Path.Combine(AppContext.BaseDirectory, "HouseholdApp.dll");

    /// <summary>Runs the app until it exits by itself; returns its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(
        IReadOnlyDictionary<string, string?> environment,
        params string[] args
    )
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(AppPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Nothing of the developer's machine leaks in: a production instance that would listen on a free port only.
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("The app did not start.");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"The app did not exit within {ExitTimeout.TotalSeconds:0} s:\n{await stdout}\n{await stderr}"
            );
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }
}
