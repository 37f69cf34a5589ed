using System.Net;
using System.Net.Http.Json;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Tests.Accounts;

public sealed class AccountRegisterRaceTests(TestEnvironment env)
{
    /// <summary>
    /// Identity checks for a taken address in code, which concurrent requests all pass; the database's unique index
    /// then refuses all but one insert. The losers must hear "taken", as a second request later would — not a 500.
    /// </summary>
    [Fact]
    public async Task Register_WhenManyRaceForOneEmail_OneAccountIsCreated_AndNoRequestFails()
    {
        var email = TestData.UniqueEmail("race");
        using var start = new SemaphoreSlim(0);
        var requests = Enumerable
            .Range(0, 12)
            .Select(async _ =>
            {
                using var client = env.App.CreateHttpClient();
                await start.WaitAsync(TestContext.Current.CancellationToken);
                return await client.PostAsJsonAsync(
                    "/api/v1/account/register",
                    new { email, password = TestData.DefaultPassword },
                    TestContext.Current.CancellationToken
                );
            })
            .ToList();
        start.Release(requests.Count);

        var responses = await Task.WhenAll(requests);

        var unexpected = responses
            .Where(r => r.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.BadRequest))
            .ToList();
        var bodies = await Task.WhenAll(
            unexpected.Select(r => r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
        );
        unexpected.ShouldBeEmpty(
            $"unexpected answers: {string.Join(" | ", bodies)}\napp errors: {env.App.RecentErrors()}"
        );
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.BadRequest))
        {
            (await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldMatch(
                "\"Duplicate(Email|UserName)\""
            );
        }

        await using var db = env.App.CreateDbContext();
        (await db.Users.CountAsync(u => u.Email == email, TestContext.Current.CancellationToken)).ShouldBe(1);
    }
}
