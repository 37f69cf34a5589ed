using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>A mail message as the SMTP server received it.</summary>
public sealed record ReceivedMail(string Id, string To, string Subject, string Text, string Html)
{
    /// <summary>The first absolute link in the plain-text part whose path starts with <paramref
    /// name="path"/>.</summary>
    public string Link(string path)
    {
        var match = Regex.Match(Text, @"https?://[^\s]+" + Regex.Escape(path) + @"[^\s]*");
        match.Success.ShouldBeTrue($"No link to {path} in: {Text}");
        return match.Value;
    }
}

/// <summary>
/// A real SMTP server for the tests: smtp4dev (the local .NET tool), on loopback ports of its own, with an in-memory
/// store read through its HTTP API. It carries the run's owner marker, so a later run kills it if this run is killed.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly HttpClient api;

    private SmtpServer(Process process, int smtpPort, int httpPort)
    {
        this.process = process;
        SmtpPort = smtpPort;
        api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/") };
    }

    public int SmtpPort { get; }

    /// <summary>The app's settings for sending through a server on <paramref name="smtpPort"/>, with quick
    /// retries.</summary>
    public static Dictionary<string, string?> AppSettings(int smtpPort) =>
        new()
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:UseStartTls"] = "false",
            ["Email:From"] = "HouseholdApp <household@example.org>",
            ["Email:PollInterval"] = "00:00:00.500",
            ["Email:RetryDelay"] = "00:00:00.500",
            ["Email:MaxRetryDelay"] = "00:00:01",
            // Every test client has the same address: a generous per-client limit, as TestApp's rate limits
            // (MailLimitTests set their own).
            ["Email:Limits:AccountMailsPerIpPerHour"] = "100000",
        };

    public Dictionary<string, string?> AppSettings() => AppSettings(SmtpPort);

    public static async Task<SmtpServer> StartAsync(int? smtpPort = null)
    {
        TestRunLeftovers.PrepareEnvironment();
        var smtp = smtpPort ?? LoopbackPorts.Free();
        var http = LoopbackPorts.Free();
        var data = Directory.CreateTempSubdirectory("householdapp-smtp4dev-");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Paths.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (
            var argument in new[]
            {
                "tool",
                "run",
                "smtp4dev",
                "--",
                $"--urls=http://127.0.0.1:{http}",
                $"--smtpport={smtp}",
                "--bindaddress=127.0.0.1",
                "--imapport=",
                "--pop3port=",
                "--db=",
                "--nousersettings",
                $"--baseappdatapath={data.FullName}",
                "--hostname=localhost",
                "--tlsmode=None",
                "--messagestokeep=1000",
            }
        )
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("smtp4dev did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new SmtpServer(process, smtp, http);
        try
        {
            await Eventually.UntilAsync(
                async () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"smtp4dev exited with {process.ExitCode}.");
                    }

                    try
                    {
                        using var response = await server.api.GetAsync("api/messages");
                        return response.IsSuccessStatusCode && await SmtpAnswersAsync(smtp);
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                "smtp4dev answers",
                TimeSpan.FromSeconds(90)
            );
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    private static async Task<bool> SmtpAnswersAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Every message received for <paramref name="address"/> so far.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MessagesToAsync(string address)
    {
        var mails = new List<ReceivedMail>();
        foreach (var (id, subject) in await SummariesToAsync(address))
        {
            mails.Add(await ReadAsync(id, address, subject));
        }

        return mails;
    }

    /// <summary>Waits for a message to <paramref name="address"/> whose subject contains <paramref
    /// name="subject"/>.</summary>
    public async Task<ReceivedMail> WaitForAsync(string address, string subject, TimeSpan? timeout = null)
    {
        // Polls the list alone: only the message found is read in full.
        var (id, foundSubject) = await Eventually.UntilAsync(
            async () =>
                (await SummariesToAsync(address)).FirstOrDefault(m =>
                    m.Subject.Contains(subject, StringComparison.Ordinal)
                ),
            m => m.Id is not null,
            $"a message \"{subject}\" to {address}",
            timeout
        );
        return await ReadAsync(id, address, foundSubject);
    }

    /// <summary>The id and subject of every message received for <paramref name="address"/>, newest first.</summary>
    private async Task<List<(string Id, string Subject)>> SummariesToAsync(string address)
    {
        // smtp4dev searches its store for the address (recipients, subject, body), so the run's shared server
        // serializes this address's few messages, not all it holds; the recipient check below stays.
        var list = await api.GetFromJsonAsync<JsonElement>(
            $"api/messages?pageSize=1000&searchTerms={Uri.EscapeDataString(address)}"
        );
        var summaries = new List<(string Id, string Subject)>();
        foreach (var item in list.GetProperty("results").EnumerateArray())
        {
            var to = item.GetProperty("to").EnumerateArray().Select(t => t.GetString() ?? "").ToList();
            if (to.Any(t => t.Contains(address, StringComparison.OrdinalIgnoreCase)))
            {
                summaries.Add((item.GetProperty("id").GetString()!, item.GetProperty("subject").GetString() ?? ""));
            }
        }

        return summaries;
    }

    private async Task<ReceivedMail> ReadAsync(string id, string address, string subject)
    {
        var text = await api.GetStringAsync($"api/messages/{id}/plaintext");
        var html = await api.GetStringAsync($"api/messages/{id}/html");
        return new ReceivedMail(id, address, subject, text, html);
    }

    public async ValueTask DisposeAsync()
    {
        api.Dispose();
        await process.StopAsync();
    }
}
