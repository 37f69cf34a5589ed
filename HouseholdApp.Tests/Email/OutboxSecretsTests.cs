using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HouseholdApp.Data;
using HouseholdApp.Features.Email;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace HouseholdApp.Tests.Email;

/// <summary>The outbox as someone reading a backup sees it: no link, token or code in any row, in any state.</summary>
public sealed partial class OutboxSecretsTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every outbox row, every column, as text: what a dump of the table would show.</summary>
    private static async Task<string> DumpOutboxAsync(AppDbContext db) =>
        await db
            .Database.SqlQueryRaw<string>(
                """SELECT coalesce(string_agg(row_to_json(o)::text, E'\n'), '') AS "Value" FROM email_outbox o"""
            )
            .SingleAsync(Ct);

    private static void ShouldHoldNoSecret(string dump, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            dump.ShouldNotContain(secret, Case.Insensitive);
        }

        // No link of any kind, and none of the words that surround a code.
        dump.ShouldNotContain("http", Case.Insensitive);
        dump.ShouldNotContain("code=", Case.Insensitive);
        dump.ShouldNotContain("reset code is", Case.Insensitive);
    }

    [Fact]
    public async Task QueuedMail_IsEncryptedAtRest_ErasedOnceSent_AndStillDeliveredIntact()
    {
        var port = LoopbackPorts.Reserved();
        var settings = SmtpServer.AppSettings(port);
        settings["Email:MaxAttempts"] = "10000";
        await using var app = await TestApp.StartAsync(env.Postgres, settings, "outboxsecret");
        var owner = await app.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync("Cipher House");
        var guest = TestData.UniqueEmail("guest");
        await using (var db = app.CreateDbContext())
        {
            // Identity mails a reset code only to a confirmed address.
            await db
                .Users.Where(u => u.Id == owner.UserId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, true), Ct);
        }

        var created = await owner.Client.PostAsJsonAsync(
            $"/api/v1/households/{householdId}/invites",
            new { email = guest },
            Ct
        );
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString()!;
        var newcomer = TestData.UniqueEmail("newcomer");
        (
            await app.CreateHttpClient()
                .PostAsJsonAsync(
                    "/api/v1/account/register",
                    new { email = newcomer, password = TestData.DefaultPassword },
                    Ct
                )
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        (
            await app.CreateHttpClient()
                .PostAsJsonAsync("/api/v1/account/forgotPassword", new { email = owner.Email }, Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        var recipients = new[] { guest, newcomer, owner.Email };

        // Waiting for a server that is down: queued, tried, and unreadable.
        await Eventually.UntilAsync(
            async () =>
            {
                await using var db = app.CreateDbContext();
                return await db.Set<OutboxMessage>()
                        .CountAsync(
                            m => recipients.Contains(m.To) && m.Attempts >= 1 && m.SentAt == null && m.Body != null,
                            Ct
                        ) == 3;
            },
            "three messages queued, tried, and still waiting"
        );
        await using (var db = app.CreateDbContext())
        {
            ShouldHoldNoSecret(await DumpOutboxAsync(db), token, "/invites/", "ConfirmEmail", "ResetPassword");
        }

        // A server of its own, started on the app's port only now: this test is about mail while the server was down.
        await using var mail = await SmtpServer.StartAsync(port);
        var invite = await mail.WaitForAsync(guest, "invites you to Cipher House");
        invite.Link("/invites/").ShouldEndWith("/invites/" + token);
        var confirmation = await mail.WaitForAsync(newcomer, "Confirm your e-mail address");
        var confirmationCode = Regex.Match(confirmation.Link("/Account/ConfirmEmail"), "code=([^&]+)").Groups[1].Value;
        var reset = await mail.WaitForAsync(owner.Email, "password reset code");
        var resetCode = ResetCode().Match(reset.Text).Groups[1].Value;
        resetCode.ShouldNotBeEmpty();

        await Eventually.UntilAsync(
            async () =>
            {
                await using var db = app.CreateDbContext();
                return await db.Set<OutboxMessage>().CountAsync(m => recipients.Contains(m.To) && m.SentAt != null, Ct)
                    == 3;
            },
            "every message marked sent"
        );
        await using (var db = app.CreateDbContext())
        {
            var rows = await db.Set<OutboxMessage>().Where(m => recipients.Contains(m.To)).ToListAsync(Ct);
            rows.ShouldAllBe(m => m.Body == null && m.LegacyTextBody == null && m.LegacyHtmlBody == null);
            // The history keeps who, what and when.
            rows.Select(m => m.Subject).ShouldContain(s => s.Contains("Cipher House", StringComparison.Ordinal));
            ShouldHoldNoSecret(await DumpOutboxAsync(db), token, confirmationCode, resetCode);
        }
    }

    [Fact]
    public async Task MailGivenUp_KeepsNoBody()
    {
        var settings = SmtpServer.AppSettings(LoopbackPorts.Reserved());
        settings["Email:MaxAttempts"] = "1";
        await using var app = await TestApp.StartAsync(env.Postgres, settings, "outboxgiveup");
        var owner = await app.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync("Lost House");
        var guest = TestData.UniqueEmail("guest");
        var created = await owner.Client.PostAsJsonAsync(
            $"/api/v1/households/{householdId}/invites",
            new { email = guest },
            Ct
        );
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString()!;

        await Eventually.UntilAsync(
            async () =>
            {
                await using var db = app.CreateDbContext();
                return await db.Set<OutboxMessage>().AnyAsync(m => m.To == guest && m.FailedAt != null, Ct);
            },
            "the message given up"
        );
        await using var check = app.CreateDbContext();
        (await check.Set<OutboxMessage>().SingleAsync(m => m.To == guest, Ct)).Body.ShouldBeNull();
        ShouldHoldNoSecret(await DumpOutboxAsync(check), token);
    }

    [Fact]
    public async Task PlaintextRowsFromBeforeTheUpgrade_AreEncryptedAtStartUp_ErasedWhenDone_AndStillDelivered()
    {
        var connectionString = await env.Postgres.CreateEmptyDatabaseAsync("outboxlegacy");
        // Addresses of this test alone, since the run's mail server holds every test's mail.
        var (waitingTo, sentTo, failedTo) = (
            TestData.UniqueEmail("waiting"),
            TestData.UniqueEmail("sent"),
            TestData.UniqueEmail("failed")
        );
        var options = new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(connectionString).Options;
        await using (var db = new AppDbContext(options))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[
                migrations.FindIndex(m => m.EndsWith("_EncryptOutboxBodies", StringComparison.Ordinal)) - 1
            ];
            await db.GetService<IMigrator>().MigrateAsync(before, Ct);
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO email_outbox
                  (id, "to", subject, text_body, html_body, created_at, next_attempt_at, attempts, sent_at, failed_at)
                VALUES
                  (gen_random_uuid(), {0}, 'Waiting', 'Join: https://x.example/invites/WAITING-SECRET',
                   '<a href="https://x.example/invites/WAITING-SECRET">', now(), now(), 0, NULL, NULL),
                  (gen_random_uuid(), {1}, 'Sent', 'Reset: https://x.example/r?code=SENT-SECRET', '<p>SENT-SECRET</p>',
                   now(), now(), 1, now(), NULL),
                  (gen_random_uuid(), {2}, 'Failed', 'Your reset code is: FAILED-SECRET', '<p>FAILED-SECRET</p>',
                   now(), now(), 20, NULL, now())
                """,
                [waitingTo, sentTo, failedTo],
                Ct
            );
        }

        var mail = await env.MailServerAsync();
        await using var app = new TestApp(connectionString, mail.AppSettings());
        app.StartServer();

        var waiting = await mail.WaitForAsync(waitingTo, "Waiting");
        waiting.Text.ShouldContain("https://x.example/invites/WAITING-SECRET");
        await Eventually.UntilAsync(
            async () =>
            {
                await using var db = app.CreateDbContext();
                return await db.Set<OutboxMessage>().AnyAsync(m => m.To == waitingTo && m.SentAt != null, Ct);
            },
            "the old message marked sent"
        );
        await using (var db = app.CreateDbContext())
        {
            ShouldHoldNoSecret(await DumpOutboxAsync(db), "WAITING-SECRET", "SENT-SECRET", "FAILED-SECRET");
            (await db.Set<OutboxMessage>().CountAsync(Ct)).ShouldBe(3);
        }

        (await mail.MessagesToAsync(sentTo)).ShouldBeEmpty();
        (await mail.MessagesToAsync(failedTo)).ShouldBeEmpty();
    }

    [Fact]
    public async Task PlaintextRowsFromBeforeTheUpgrade_AreEncryptedEvenWhenMailIsOff()
    {
        var connectionString = await env.Postgres.CreateEmptyDatabaseAsync("outboxlegacyoff");
        var options = new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(connectionString).Options;
        await using (var db = new AppDbContext(options))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[
                migrations.FindIndex(m => m.EndsWith("_EncryptOutboxBodies", StringComparison.Ordinal)) - 1
            ];
            await db.GetService<IMigrator>().MigrateAsync(before, Ct);
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO email_outbox
                  (id, "to", subject, text_body, html_body, created_at, next_attempt_at, attempts)
                VALUES
                  (gen_random_uuid(), 'queued@example.org', 'Queued', 'Join: https://x.example/invites/QUEUED-SECRET',
                   '<p>QUEUED-SECRET</p>', now(), now(), 0)
                """,
                Ct
            );
        }

        await using var app = new TestApp(connectionString);
        app.StartServer();
        await Eventually.UntilAsync(
            async () =>
            {
                await using var db = app.CreateDbContext();
                return await db.Set<OutboxMessage>()
                    .AnyAsync(m => m.To == "queued@example.org" && m.Body != null && m.LegacyTextBody == null, Ct);
            },
            "the old body encrypted"
        );
        await using var check = app.CreateDbContext();
        ShouldHoldNoSecret(await DumpOutboxAsync(check), "QUEUED-SECRET");
    }

    [GeneratedRegex(@"reset code is: (\S+)")]
    private static partial Regex ResetCode();
}
