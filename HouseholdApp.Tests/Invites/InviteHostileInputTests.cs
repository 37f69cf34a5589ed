using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Invites;

/// <summary>
/// Whatever arrives where a token or a body belongs: never a 5xx, never a database command for a malformed
/// token, never a write during a look-up. One app with an interceptor that records every SQL command.
/// </summary>
public sealed partial class InviteHostileInputTests(RecordedApp recorded) : IClassFixture<RecordedApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly CommandRecorder commands = recorded.Commands;
    private readonly TestApp app = recorded.App;

    /// <summary>Raw path segments, sent without the client's normalisation (dot segments and escapes kept as
    /// written).</summary>
    public static IReadOnlyList<string> HostileSegments()
    {
        var random = new Random(20260301);
        var valid = InviteToken.Generate();
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var segments = new List<string>
        {
            "",
            "%20",
            "+",
            "%2B",
            "=",
            "%3D",
            "..",
            "%2e%2e",
            "..%2F..%2Fhealth",
            "%2F",
            "%252F",
            "%5C",
            "%00",
            "%",
            "%zz",
            "%u0041",
            "..%2F" + valid,
            valid + "%2F..",
            valid + "%00",
            "%00" + valid[1..],
            valid[..42] + "%3D",
            valid + "%3D",
            valid[..42] + "%2F",
            valid[..42] + "%2B",
            valid + ";x=1",
            valid + "%3Bx",
            valid + "%23",
            valid + "%3F",
            valid[..21] + "%20" + valid[22..],
            valid[..42],
            valid + "A",
            valid.ToUpperInvariant() == valid ? valid.ToLowerInvariant() + "%FF" : valid + "%FF",
            new string('A', 42) + "B",
            new string('A', 42) + "_",
            new string('_', 43), // non-canonical last characters
            new string('A', 8_000),
            new string('%', 3000),
            string.Concat(Enumerable.Repeat("%41", 43)) + "%41",
            Uri.EscapeDataString("\u0410" + valid[1..]),
            Uri.EscapeDataString(valid[..42] + "\uFF21"),
            Uri.EscapeDataString("\u202E" + valid[1..]),
            Uri.EscapeDataString("\uD83D\uDE00" + valid[2..]),
            Uri.EscapeDataString("\u0000\u0001\u007F"),
            "%C0%AF",
            "%E2%80%AE",
            "%F0%9F%98",
            "%ED%A0%80",
            "con",
            "nul",
            "invites",
            "accept",
            "signup",
            "~",
            "%7E",
            "'--",
            "1%20OR%201%3D1",
            "%27%3B%20DROP%20TABLE%20invites%3B--",
        };
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(1, 80)];
            random.NextBytes(bytes);
            segments.Add(string.Concat(bytes.Select(b => $"%{b:X2}")));
        }

        for (var i = 0; i < 300; i++)
        {
            var chars = Enumerable.Range(0, random.Next(1, 60)).Select(_ => (char)random.Next(0x20, 0x3000)).ToArray();
            segments.Add(Uri.EscapeDataString(new string(chars).Replace('\uD800', 'x')));
        }

        for (var i = 0; i < 300; i++)
        {
            // Almost-tokens: 43 alphabet characters with one character replaced by something outside it, or the wrong
            // length.
            var token = alphabet[..43].ToCharArray();
            random.Shuffle(token);
            var text = new string(token);
            segments.Add(
                (i % 3) switch
                {
                    0 => text[..random.Next(0, 43)]
                        + Uri.EscapeDataString(((char)random.Next(0x21, 0x7F)).ToString())
                        + text[(random.Next(0, 43))..],
                    1 => text + text[..random.Next(1, 20)],
                    _ => text[..random.Next(1, 43)],
                }
            );
        }

        segments.Add(new string('A', 100_000));
        // The escaped segment decodes to something that is not a token, so the app must not reach the database for any
        // of them.
        return [.. segments.Where(s => !InviteToken.IsWellFormed(Uri.UnescapeDataString(s)))];
    }

    [Fact]
    public async Task HostileTokens_OnEveryInviteEndpoint_NeverA5xx_AndNeverADatabaseCommand()
    {
        var user = await app.CreateUserAsync("prober");
        var segments = HostileSegments();
        segments.Count.ShouldBeGreaterThan(900);
        var requests = new List<Func<HttpClient, HttpRequestMessage>>();
        foreach (var segment in segments)
        {
            requests.Add(_ => new HttpRequestMessage(HttpMethod.Get, Raw($"/api/v1/invites/{segment}")));
            requests.Add(_ => new HttpRequestMessage(HttpMethod.Head, Raw($"/api/v1/invites/{segment}")));
            requests.Add(_ =>
                Authorized(new HttpRequestMessage(HttpMethod.Post, Raw($"/api/v1/invites/{segment}/accept")), user)
            );
            requests.Add(_ => new HttpRequestMessage(HttpMethod.Post, Raw($"/api/v1/invites/{segment}/signup"))
            {
                Content = new StringContent(
                    $$"""{"email":"{{TestData.UniqueEmail()}}","password":"{{TestData.DefaultPassword}}"}""",
                    Encoding.UTF8,
                    "application/json"
                ),
            });
            requests.Add(_ => new HttpRequestMessage(HttpMethod.Get, Raw($"/invites/{segment}")));
        }

        await CheckSessionsAsync(user);
        commands.Clear();
        var results = await SendAllAsync(requests);

        results.Where(r => r.Status >= 500).ShouldBeEmpty();
        commands.Commands.ShouldBeEmpty();
        // The API's own answers to a malformed token (those that reached the endpoint at all) are 400 invite_malformed.
        results.Where(r => r.Path.StartsWith("/api/", StringComparison.Ordinal) && r.Status == 200).ShouldBeEmpty();
        results.Count(r => r.Code == "invite_malformed").ShouldBeGreaterThan(1500);
    }

    [Fact]
    public async Task HostileBodies_OnSignUpAndCreate_NeverA5xx_AndNothingIsConsumed()
    {
        var (owner, link) = await app.CreateOwnerWithLinkAsync();
        var bodies = new List<(string? ContentType, byte[] Body)>();
        foreach (
            var json in new[]
            {
                "",
                "{",
                "}",
                "[]",
                "null",
                "true",
                "0",
                "\"x\"",
                "{\"email\":",
                "{\"email\": 5, \"password\": 6}",
                "{\"email\": {\"a\": 1}}",
                "{\"password\": [1, 2]}",
                "{\"email\": null, \"password\": null}",
                "{\"maxUses\": \"abc\"}",
                "{\"maxUses\": 1e100}",
                "{\"maxUses\": 2147483648}",
                "{\"maxUses\": -2147483649}",
                "{\"maxUses\": 1.5}",
                "{\"expiresIn\": 7}",
                "{\"expiresIn\": [\"7d\"]}",
                "{\"role\": 1}",
                "{\"role\": {}}",
                "{\"role\": \"Owner\\u0000\"}",
                "{\"email\": \"\\ud800\"}",
                "{\"a\": 1} trailing",
                "{'email': 'x'}",
                new string('[', 10_000) + new string(']', 10_000),
                "{\"email\": \"" + new string('a', 2_000_000) + "@example.org\", \"password\": \"x\"}",
                "{\"email\": \"a@example.org\", \"password\": \"" + new string('p', 1_000_000) + "\"}",
            }
        )
        {
            bodies.Add(("application/json", Encoding.UTF8.GetBytes(json)));
        }

        bodies.Add(("application/json", [0xFF, 0xFE, 0x00, 0x7B, 0xC3, 0x28]));
        bodies.Add(("application/json", [0xEF, 0xBB, 0xBF, .. "{}"u8]));
        bodies.Add((null, "{\"email\":\"a@example.org\",\"password\":\"correct-horse-battery\"}"u8.ToArray()));
        bodies.Add(("text/plain", "{\"email\":\"a@example.org\",\"password\":\"correct-horse-battery\"}"u8.ToArray()));
        bodies.Add(
            ("application/x-www-form-urlencoded", "email=a%40example.org&password=correct-horse-battery"u8.ToArray())
        );
        bodies.Add(("application/xml", "<signup/>"u8.ToArray()));
        bodies.Add(("multipart/form-data; boundary=x", "--x--"u8.ToArray()));

        var requests = new List<Func<HttpClient, HttpRequestMessage>>();
        foreach (var (contentType, body) in bodies)
        {
            requests.Add(_ =>
                WithBody(
                    new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invites/{link.Token}/signup"),
                    contentType,
                    body
                )
            );
            requests.Add(_ =>
                WithBody(
                    Authorized(
                        new HttpRequestMessage(HttpMethod.Post, $"/api/v1/households/{link.HouseholdId}/invites"),
                        owner
                    ),
                    contentType,
                    body
                )
            );
            requests.Add(_ =>
                WithBody(
                    Authorized(new HttpRequestMessage(HttpMethod.Post, "/api/v1/households"), owner),
                    contentType,
                    body
                )
            );
        }

        var results = await SendAllAsync(requests);

        results.Where(r => r.Status >= 500).ShouldBeEmpty();
        results
            .Where(r => r.Path.EndsWith("/signup", StringComparison.Ordinal))
            .ShouldAllBe(r => r.Status == 400 || r.Status == 415);
        (await app.ReadInviteAsync(link.Id)).UseCount.ShouldBe(0);
    }

    [Fact]
    public async Task OversizedBody_IsRefusedWithoutA5xx()
    {
        var (_, link) = await app.CreateOwnerWithLinkAsync();
        var body = new byte[31 * 1024 * 1024];
        Array.Fill(body, (byte)' ');
        using var request = WithBody(
            new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invites/{link.Token}/signup"),
            "application/json",
            body
        );

        try
        {
            var response = await app.CreateHttpClient().SendAsync(request, Ct);
            ((int)response.StatusCode).ShouldBe(413);
        }
        catch (HttpRequestException ex)
            when (ex.HttpRequestError
                    is HttpRequestError.SecureConnectionError
                        or HttpRequestError.Unknown
                        or HttpRequestError.ResponseEnded
            )
        {
            // Kestrel answers 413 as soon as it reads the length and may close the connection while the client still
            // sends.
        }

        (await app.ReadInviteAsync(link.Id)).UseCount.ShouldBe(0);
    }

    [Fact]
    public async Task Lookups_NeverWrite_WhateverTheStateOfTheLinkOrTheCaller()
    {
        var (owner, link) = await app.CreateOwnerWithLinkAsync();
        var used = await owner.CreateLinkAsync(link.HouseholdId);
        var revoked = await owner.CreateLinkAsync(link.HouseholdId);
        var expired = await owner.CreateLinkAsync(link.HouseholdId);
        var member = await app.CreateMemberAsync(owner, link.HouseholdId);
        var stranger = await app.CreateUserAsync("stranger");
        (await stranger.Client.PostAsync($"/api/v1/invites/{used.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        (
            await owner.Client.DeleteAsync($"/api/v1/households/{link.HouseholdId}/invites/{revoked.Id}", Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await app.ExpireAsync(expired.Id);
        var outsider = await app.CreateUserAsync("outsider");

        var requests = new List<Func<HttpClient, HttpRequestMessage>>();
        foreach (var token in new[] { link.Token, used.Token, revoked.Token, expired.Token, InviteToken.Generate() })
        {
            foreach (var caller in new TestUser?[] { null, owner, member, outsider })
            {
                requests.Add(_ =>
                    Authorized(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/invites/{token}"), caller)
                );
                requests.Add(_ =>
                    Authorized(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/invites/{token}"), caller)
                );
                requests.Add(_ => new HttpRequestMessage(HttpMethod.Get, $"/invites/{token}"));
            }
        }

        await CheckSessionsAsync(owner, member, outsider);
        commands.Clear();
        var results = await SendAllAsync(requests);

        results.Where(r => r.Status >= 500).ShouldBeEmpty();
        commands.Commands.ShouldNotBeEmpty();
        commands.Commands.Where(c => Write().IsMatch(c)).ShouldBeEmpty();
        (await app.ReadInviteAsync(link.Id)).UseCount.ShouldBe(0);
        results.Count(r => r.Status == 200).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task SignUp_WithANulInTheEmail_Answers400_AndLeavesTheInviteUnused()
    {
        // PostgreSQL text cannot hold U+0000: a JSON "\u0000" that reached a query used to end in a 500.
        var (_, link) = await app.CreateOwnerWithLinkAsync();
        var body = $$"""{ "email": "a\u0000b@example.org", "password": "{{TestData.DefaultPassword}}" }""";

        var response = await app.CreateHttpClient()
            .PostAsync(
                $"/api/v1/invites/{link.Token}/signup",
                new StringContent(body, Encoding.UTF8, "application/json"),
                Ct
            );

        await response.ShouldBeBadRequestProblemAsync();
        (await app.ReadInviteAsync(link.Id)).UseCount.ShouldBe(0);
        (await app.CountMembersAsync(link.HouseholdId)).ShouldBe(1);
    }

    private sealed record Outcome(string Path, int Status, string? Code);

    private async Task<List<Outcome>> SendAllAsync(List<Func<HttpClient, HttpRequestMessage>> requests)
    {
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<Outcome>();
        var clients = app.Clients(8);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, requests.Count),
            new ParallelOptions { MaxDegreeOfParallelism = clients.Length, CancellationToken = Ct },
            async (i, ct) =>
            {
                var client = clients[i % clients.Length];
                using var request = requests[i](client);
                using var response = await client.SendAsync(request, ct);
                outcomes.Add(
                    new Outcome(
                        request.RequestUri!.IsAbsoluteUri
                            ? request.RequestUri.AbsolutePath
                            : request.RequestUri.OriginalString,
                        (int)response.StatusCode,
                        await response.CodeAsync()
                    )
                );
            }
        );
        return [.. outcomes];
    }

    private Uri Raw(string path) =>
        new(
            $"{app.BaseAddress.GetLeftPart(UriPartial.Authority)}{path}",
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }
        );

    /// <summary>
    /// A signed-in caller's session is checked, and marked as seen, before any endpoint runs: once per validation
    /// interval and instance (one minute for this app). Checking it here leaves only the invite endpoints' own
    /// commands to record.
    /// </summary>
    private static async Task CheckSessionsAsync(params TestUser[] users)
    {
        foreach (var user in users)
        {
            (await user.Client.GetAsync("/api/v1/households", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    private static HttpRequestMessage Authorized(HttpRequestMessage request, TestUser? user)
    {
        request.Headers.Authorization = user?.Client.DefaultRequestHeaders.Authorization;
        return request;
    }

    private static HttpRequestMessage WithBody(HttpRequestMessage request, string? contentType, byte[] body)
    {
        request.Content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return request;
    }

    [GeneratedRegex(@"\b(INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Write();
}
