using System.Diagnostics;
using System.Globalization;
using System.Net;
using HouseholdApp.Features.Invites;
using Npgsql;

namespace HouseholdApp.Bench;

/// <summary>The outcome of a burst: how many joined, the statuses seen, and the latencies in ms.</summary>
internal sealed record BurstResult(
    int People,
    int Joined,
    int ServerErrors,
    IReadOnlyDictionary<int, int> Statuses,
    double P50,
    double P99,
    double Max
)
{
    public bool Met => Joined == People && ServerErrors == 0 && P99 <= 2000;
}

/// <summary>
/// A household's link posted to a group chat: <c>people</c> distinct signed-in people accept one link with exactly as
/// many uses at the same moment (each on a connection of their own, all released together), through the API's accept.
/// The database then must hold exactly that many new members and a used-up link.
/// </summary>
internal static class BurstJoin
{
    public static async Task<BurstResult> MeasureAsync(BenchApp app, NpgsqlDataSource dataSource, int people)
    {
        var (token, inviteId, householdId, bearers) = await SeedAsync(app.Services, dataSource, people);
        using var http = new HttpClient(
            new SocketsHttpHandler
            {
                MaxConnectionsPerServer = people,
                UseCookies = false,
                AllowAutoRedirect = false,
            }
        )
        {
            BaseAddress = app.ClientOptions.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = bearers
            .Select(async bearer =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invites/{token}/accept");
                request.Headers.Authorization = new("Bearer", bearer);
                await gate.Task;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request);
                    await response.Content.LoadIntoBufferAsync();
                    return ((int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (HttpRequestException)
                {
                    return (0, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            })
            .ToList();
        gate.SetResult();
        var outcomes = await Task.WhenAll(attempts);

        await using var command = dataSource.CreateCommand(
            """
            SELECT (SELECT use_count FROM invites WHERE id = $1),
                   (SELECT count(*) FROM memberships WHERE household_id = $2 AND role = 'Member')
            """
        );
        command.Parameters.Add(new NpgsqlParameter { Value = inviteId });
        command.Parameters.Add(new NpgsqlParameter { Value = householdId });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (uses, members) = (reader.GetInt32(0), reader.GetInt64(1));
        if (uses != members)
        {
            throw new InvalidOperationException(
                $"Burst join: the link counts {uses} uses but the household has {members} new members."
            );
        }

        var latencies = outcomes.Select(o => o.Item2).Order().ToList();
        return new BurstResult(
            people,
            (int)members,
            outcomes.Count(o => o.Item1 is 0 or >= 500),
            outcomes.GroupBy(o => o.Item1).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
            latencies[latencies.Count / 2],
            latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * 0.99))],
            latencies[^1]
        );
    }

    public static void Print(BurstResult result) =>
        Console.WriteLine(
            $"burst join: {result.People} people on one {result.People}-use link at once: "
                + $"{result.Joined} joined, statuses "
                + string.Join(
                    ", ",
                    result.Statuses.Select(s =>
                        $"{(s.Key == 0 ? "no answer" : s.Key.ToString(CultureInfo.InvariantCulture))} ×{s.Value}"
                    )
                )
                + $", p50 {result.P50:0} ms, p99 {result.P99:0} ms, max {result.Max:0} ms"
        );

    /// <summary>One household, its owner, one link with <paramref name="people"/> uses, and that many people with a
    /// bearer token each.</summary>
    private static async Task<(string Token, Guid InviteId, Guid HouseholdId, string[] Bearers)> SeedAsync(
        IServiceProvider services,
        NpgsqlDataSource dataSource,
        int people
    )
    {
        var token = InviteToken.Generate();
        var (inviteId, householdId, owner) = (Guid.CreateVersion7(), Guid.NewGuid(), Guid.NewGuid().ToString());
        var joiners = Enumerable.Range(0, people).Select(_ => Guid.NewGuid().ToString()).ToArray();
        var bearers = joiners.Select(joiner => Seeder.Bearer(services, joiner)).ToArray();

        await using var batch = dataSource.CreateBatch();
        Seeder.AddPeople(batch, joiners.Append(owner).ToArray());
        batch.BatchCommands.Add(
            Command("INSERT INTO households (id, name, created_at) VALUES ($1, 'Burst', now())", householdId)
        );
        batch.BatchCommands.Add(
            Command(
                "INSERT INTO memberships (id, household_id, user_id, role, joined_at) "
                    + "VALUES (gen_random_uuid(), $1, $2, 'Owner', now())",
                householdId,
                owner
            )
        );
        batch.BatchCommands.Add(
            Command(
                """
                INSERT INTO invites
                  (id, household_id, token_hash, role, created_by_user_id, created_at, expires_at, max_uses, use_count)
                VALUES ($1, $2, $3, 'Member', $4, now(), now() + interval '7 days', $5, 0)
                """,
                inviteId,
                householdId,
                InviteToken.Hash(token),
                owner,
                people
            )
        );
        await batch.ExecuteNonQueryAsync();
        return (token, inviteId, householdId, bearers);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
