using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Operations;

/// <summary>Logging:Console:FormatterName=json makes the app log one JSON object per line, for log shippers.</summary>
public sealed class JsonLogTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithTheJsonFormatter_EveryConsoleLineIsJson_AndNoTokenAppears()
    {
        var port = LoopbackPorts.Free();
        var lines = new ConcurrentQueue<string>();
        // The app as an operator runs it: its own process, its console on standard output.
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "HouseholdApp.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__Default"] = await env.Postgres.CreateDatabaseAsync("jsonlogs"),
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Logging__Console__FormatterName"] = "json",
                ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
                ["Logging__LogLevel__HouseholdApp.Requests"] = "Information",
            },
        };
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => lines.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => lines.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            await Eventually.UntilAsync(
                async () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException(
                            $"The app exited ({process.ExitCode}):\n{string.Join('\n', lines.TakeLast(20))}"
                        );
                    }

                    try
                    {
                        return (await client.GetAsync("/health/live", Ct)).IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                "the app answering",
                TimeSpan.FromSeconds(120)
            );
            var token = InviteToken.Generate();
            (await client.GetAsync($"/api/v1/invites/{token}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.GetAsync($"/invites/{token}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

            await Eventually.UntilAsync(
                () => lines.Any(l => l.Contains("/api/v1/invites/{token}", StringComparison.Ordinal)),
                "the request logged"
            );

            var printed = lines.Where(l => l.Length > 0).ToList();
            printed.Count.ShouldBeGreaterThan(3);
            foreach (var line in printed)
            {
                using var entry = JsonDocument.Parse(line);
                entry.RootElement.GetProperty("Category").GetString().ShouldNotBeNullOrEmpty();
                entry.RootElement.GetProperty("LogLevel").GetString().ShouldNotBeNullOrEmpty();
            }

            printed.ShouldContain(l => l.Contains("\"Category\":\"HouseholdApp.Requests\"", StringComparison.Ordinal));
            printed.ShouldAllBe(l => !l.Contains(token, StringComparison.Ordinal));
        }
        finally
        {
            await process.StopAsync();
        }
    }
}
