using System.Diagnostics;
using System.Text;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Deployment;

/// <summary>Runs a command of the repository (a script of scripts/, docker, docker-compose) and collects what it
/// wrote.</summary>
public static class Scripts
{
    public static string Path(string script) => System.IO.Path.Combine(Paths.RepositoryRoot, "scripts", script);

    /// <summary>Runs <paramref name="command"/> to its end; returns its exit code and its output (standard output
    /// first).</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string command,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null
    )
    {
        var info = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Paths.RepositoryRoot,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{command} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{command} {string.Join(' ', args)} did not end within {limit.TotalSeconds:0} s:\n"
                    + $"{await stdout}\n{await stderr}"
            );
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Like <see cref="RunAsync"/>, and fails with its output when it does not exit 0; returns standard
    /// output.</summary>
    public static async Task<string> RunCheckedAsync(
        string command,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null
    )
    {
        var argList = args.ToList();
        var (exitCode, output, errors) = await RunAsync(command, argList, environment, workingDirectory, timeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                new StringBuilder()
                    .Append($"{command} {string.Join(' ', argList)} exited {exitCode}:\n")
                    .Append(output)
                    .Append('\n')
                    .Append(errors)
                    .ToString()
            );
        }

        return output;
    }
}
