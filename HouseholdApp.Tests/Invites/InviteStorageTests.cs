using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Infrastructure;
using Npgsql;

namespace HouseholdApp.Tests.Invites;

public sealed class InviteStorageTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Database_HoldsOnlyTheSha256OfTokens_NoRawTokenInAnyColumn()
    {
        var owner = await env.App.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync();
        var links = new List<TestInvite>();
        for (var i = 0; i < 5; i++)
        {
            links.Add(await owner.CreateLinkAsync(householdId, new { maxUses = 3 }));
        }

        // Redemptions and sign-ups write more rows that could carry a token by mistake.
        (
            await (await env.App.CreateUserAsync("joiner")).Client.PostAsync(
                $"/api/v1/invites/{links[0].Token}/accept",
                null,
                Ct
            )
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        (
            await env
                .App.CreateHttpClient()
                .PostAsJsonAsync(
                    $"/api/v1/invites/{links[1].Token}/signup",
                    new { email = TestData.UniqueEmail(), password = TestData.DefaultPassword },
                    Ct
                )
        ).StatusCode.ShouldBe(HttpStatusCode.Created);

        await using var connection = new NpgsqlConnection(env.App.ConnectionString);
        await connection.OpenAsync(Ct);
        foreach (var link in links)
        {
            await using (var hash = new NpgsqlCommand("SELECT token_hash FROM invites WHERE id = @id", connection))
            {
                hash.Parameters.AddWithValue("id", link.Id);
                var stored = (byte[])(await hash.ExecuteScalarAsync(Ct))!;
                stored.ShouldBe(InviteToken.Hash(link.Token));
            }

            // Every column of every table, as text (bytea renders as hex), and every bytea column as raw bytes.
            var columns = await ColumnsAsync(connection);
            columns.Count.ShouldBeGreaterThan(20);
            foreach (var (table, column, type) in columns)
            {
                await using var search = new NpgsqlCommand(
                    $"""
                    SELECT count(*) FROM "{table}"
                    WHERE position(@token IN "{column}"::text) > 0
                       OR position(@tokenHex IN "{column}"::text) > 0
                       OR position(@rawHex IN "{column}"::text) > 0
                    """,
                    connection
                );
                search.Parameters.AddWithValue("token", link.Token);
                search.Parameters.AddWithValue(
                    "tokenHex",
                    Convert.ToHexStringLower(Encoding.ASCII.GetBytes(link.Token))
                );
                search.Parameters.AddWithValue(
                    "rawHex",
                    Convert.ToHexStringLower(Base64Url.DecodeFromChars(link.Token))
                );
                ((long)(await search.ExecuteScalarAsync(Ct))!).ShouldBe(
                    0,
                    $"{table}.{column} ({type}) holds the token of invite {link.Id}"
                );
            }
        }
    }

    private static async Task<List<(string Table, string Column, string Type)>> ColumnsAsync(
        NpgsqlConnection connection
    )
    {
        var columns = new List<(string, string, string)>();
        await using var command = new NpgsqlCommand(
            """
            SELECT c.table_name, c.column_name, c.data_type
            FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            """,
            connection
        );
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return columns;
    }
}
