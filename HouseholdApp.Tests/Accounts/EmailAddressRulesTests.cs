using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Features.Accounts;
using HouseholdApp.Tests.Email;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Tests.Accounts;

/// <summary>One rule set for an address on every path that sets or changes one, including look-alikes aimed at someone
/// else's.</summary>
public sealed class EmailAddressRulesTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A confusable of <paramref name="email"/>: its first letter "e"/"a"/"o"… replaced by the Cyrillic
    /// look-alike.</summary>
    private static string CyrillicLookAlike(string email) =>
        email
            .Replace("a", "\u0430", StringComparison.Ordinal)
            .Replace("e", "\u0435", StringComparison.Ordinal)
            .Replace("o", "\u043e", StringComparison.Ordinal);

    private static async Task<int> AccountsWithAsync(TestApp app, string email)
    {
        var key = new AccountLookupNormalizer().NormalizeEmail(email);
        await using var db = app.CreateDbContext();
        return await db.Users.CountAsync(u => u.NormalizedEmail == key, Ct);
    }

    [Theory]
    [InlineData(" Someone@Example.ORG. ", "Someone@example.org")]
    [InlineData("a@example.org.", "a@example.org")]
    [InlineData("\uff41\uff42@example.org", "ab@example.org")]
    [InlineData("x@XN--BCHER-KVA.example", "x@xn--bcher-kva.example")]
    public void Normalize_GivesTheOneCanonicalForm(string typed, string canonical)
    {
        EmailAddresses.Normalize(typed).ShouldBe(canonical);
        EmailAddresses.Canonicalize(typed).ShouldBe(canonical);
        EmailAddresses.Validate(typed, TextsInTests.Shared).ShouldBe((canonical, (string?)null));
        EmailAddresses.IsCanonical(canonical).ShouldBeTrue();
    }

    [Theory]
    [InlineData("\u0430lice@example.org")] // Cyrillic a
    [InlineData("al\u200bice@example.org")] // zero-width space
    [InlineData("al\u202eice@example.org")] // right-to-left override
    [InlineData("alice@exa\u200dmple.org")] // zero-width joiner in the domain
    [InlineData("a@b.org\r\nBcc: x@y.org")]
    [InlineData("no-at-sign")]
    [InlineData("a@localhost")]
    [InlineData("x@b\u00fccher.example")] // an internationalized domain is typed in its xn-- form
    public void Validate_RefusesLookAlikeInvisibleAndMalformedAddresses(string typed)
    {
        EmailAddresses.Canonicalize(typed).ShouldBeNull();
        EmailAddresses.Validate(typed, TextsInTests.Shared).Address.ShouldBeNull();
        EmailAddresses
            .Validate(typed, TextsInTests.Shared)
            .Error.ShouldBe(
                "Enter a valid e-mail address, such as name@example.org, "
                    + "in plain letters (no look-alike or invisible characters)."
            );
    }

    [Fact]
    public void Validate_SaysWhatIsWrong_InTheReadersLanguage()
    {
        EmailAddresses.Validate("  ", TextsInTests.Shared).Error.ShouldBe("Enter an e-mail address.");
        EmailAddresses
            .Validate(new string('a', 250) + "@example.org", TextsInTests.Shared)
            .Error.ShouldBe($"An e-mail address can be at most {EmailAddresses.MaxLength} characters long.");
        using (TextsInTests.Speaking("de"))
        {
            EmailAddresses.Validate("", TextsInTests.Shared).Error.ShouldBe("Gib eine E-Mail-Adresse ein.");
            EmailAddresses
                .Validate("no-at-sign", TextsInTests.Shared)
                .Error!.ShouldStartWith("Gib eine gültige E-Mail-Adresse ein");
        }
    }

    [Fact]
    public async Task ApiAndPageRegistration_TreatTrailingDotAndFullWidthAsTheSameAddress_AndRefuseLookAlikes()
    {
        var app = env.App;
        var victim = await app.CreateUserAsync("victim", withPassword: true);
        var client = app.CreateHttpClient();

        var dotted = await client.PostAsJsonAsync(
            "/api/v1/account/register",
            new { email = victim.Email + ".", password = TestData.DefaultPassword },
            Ct
        );
        dotted.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var fullWidth = "\uff56" + victim.Email[1..]; // full-width "v"
        var wide = await app.CreateBrowserLikeClient()
            .SubmitFormAsync(
                "/Account/Register",
                "register",
                FormPost.Fields(
                    ("Input.Email", fullWidth),
                    ("Input.Password", TestData.DefaultPassword),
                    ("Input.ConfirmPassword", TestData.DefaultPassword)
                )
            );
        wide.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AccountsWithAsync(app, victim.Email)).ShouldBe(1);

        var lookAlike = CyrillicLookAlike(victim.Email);
        var squat = await client.PostAsJsonAsync(
            "/api/v1/account/register",
            new { email = lookAlike, password = TestData.DefaultPassword },
            Ct
        );
        squat.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await squat.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("code")
            .GetString()
            .ShouldBe("invalid_email");
        var page = await app.CreateBrowserLikeClient()
            .SubmitFormAsync(
                "/Account/Register",
                "register",
                FormPost.Fields(
                    ("Input.Email", lookAlike),
                    ("Input.Password", TestData.DefaultPassword),
                    ("Input.ConfirmPassword", TestData.DefaultPassword)
                )
            );
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = app.CreateDbContext();
        (
            await db.Users.CountAsync(
                u => u.Email == lookAlike || u.Email!.Contains("\u0430") || u.Email.Contains("\u0435"),
                Ct
            )
        ).ShouldBe(0);

        // A new address with a trailing dot is stored without it, and signs in either way.
        var fresh = TestData.UniqueEmail("fresh");
        (
            await client.PostAsJsonAsync(
                "/api/v1/account/register",
                new { email = fresh + ".", password = TestData.DefaultPassword },
                Ct
            )
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await db.Users.SingleAsync(u => u.NormalizedEmail == fresh.ToUpperInvariant(), Ct)).Email.ShouldBe(fresh);
        (
            await client.PostAsJsonAsync(
                "/api/v1/account/login",
                new { email = fresh, password = TestData.DefaultPassword },
                Ct
            )
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ChangingTheAddress_ThroughTheApiOrThePage_CannotSquatAnotherAccountsAddress_AndFollowsTheRules()
    {
        var mail = await env.MailServerAsync();
        var app = await env.MailAppAsync();
        var victim = await app.CreateUserAsync("victim", withPassword: true);
        var (page, mover) = await app.SignedInClientAsync("mover");
        var login = await app.CreateHttpClient()
            .PostAsJsonAsync(
                "/api/v1/account/login",
                new { email = mover.Email, password = TestData.DefaultPassword },
                Ct
            );
        var api = app.CreateHttpClient();
        api.DefaultRequestHeaders.Authorization = new(
            "Bearer",
            (await login.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString()
        );

        // The victim's address, spelled differently: answered like any address, but no link goes to the victim.
        foreach (var spelling in new[] { victim.Email + ".", victim.Email.ToUpperInvariant(), " " + victim.Email })
        {
            (
                await api.PostAsJsonAsync("/api/v1/account/manage/info", new { newEmail = spelling }, Ct)
            ).StatusCode.ShouldBe(HttpStatusCode.OK);
            var posted = await page.SubmitFormAsync(
                "/Account/Manage/Email",
                "change-email",
                FormPost.Fields(("Input.NewEmail", spelling))
            );
            (await posted.Content.ReadAsStringAsync(Ct)).ShouldContain("on its way");
        }

        // A look-alike is refused outright, on both paths.
        var lookAlike = CyrillicLookAlike(victim.Email);
        var refused = await api.PostAsJsonAsync("/api/v1/account/manage/info", new { newEmail = lookAlike }, Ct);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("code")
            .GetString()
            .ShouldBe("invalid_email");
        var pageRefused = await page.SubmitFormAsync(
            "/Account/Manage/Email",
            "change-email",
            FormPost.Fields(("Input.NewEmail", lookAlike))
        );
        (await pageRefused.Content.ReadAsStringAsync(Ct)).ShouldContain("look-alike");

        // A free address with a trailing dot: the link goes to the canonical address, and confirming stores that.
        var fresh = TestData.UniqueEmail("fresh");
        (
            await api.PostAsJsonAsync("/api/v1/account/manage/info", new { newEmail = fresh + "." }, Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        var link = (await mail.WaitForAsync(fresh, "Confirm your new e-mail address")).Link(
            "/Account/ConfirmEmailChange"
        );
        var confirmed = await page.SubmitFormAsync(
            new Uri(link).PathAndQuery,
            "confirm-email-change",
            FormPost.Fields()
        );
        (await confirmed.Content.ReadAsStringAsync(Ct)).ShouldContain("data-test=\"email-changed\"");
        await using (var db = app.CreateDbContext())
        {
            var row = await db.Users.SingleAsync(u => u.Id == mover.UserId, Ct);
            row.Email.ShouldBe(fresh);
            row.UserName.ShouldBe(fresh);
        }

        // The victim has only the confirmation of their own registration: no link to hand their address over.
        var toVictim = await mail.MessagesToAsync(victim.Email);
        toVictim.ShouldNotContain(m =>
            m.Text.Contains("changedEmail", StringComparison.Ordinal)
            || m.Subject.Contains("new e-mail", StringComparison.Ordinal)
        );
        (await AccountsWithAsync(app, victim.Email)).ShouldBe(1);
    }

    [Fact]
    public async Task InviteSignUpAndAddressBinding_FollowTheSameRules()
    {
        var app = env.App;
        var victim = await app.CreateUserAsync("victim", withPassword: true);
        var (owner, link) = await app.CreateOwnerWithLinkAsync(new { maxUses = 5 });
        var anonymous = app.CreateHttpClient();

        var dotted = await anonymous.PostAsJsonAsync(
            $"/api/v1/invites/{link.Token}/signup",
            new { email = victim.Email + ".", password = TestData.DefaultPassword },
            Ct
        );
        dotted.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var lookAlike = await anonymous.PostAsJsonAsync(
            $"/api/v1/invites/{link.Token}/signup",
            new { email = CyrillicLookAlike(victim.Email), password = TestData.DefaultPassword },
            Ct
        );
        lookAlike.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await AccountsWithAsync(app, victim.Email)).ShouldBe(1);
        (await app.UseCountAsync(link)).ShouldBe(0);

        var badBinding = await owner.Client.PostAsJsonAsync(
            $"/api/v1/households/{link.HouseholdId}/invites",
            new { email = CyrillicLookAlike(victim.Email), bindToEmail = true },
            Ct
        );
        badBinding.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badBinding.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("code")
            .GetString()
            .ShouldBe("invalid_email");

        // Bound to the victim's address as typed with a trailing dot and capitals: the victim's confirmed account can
        // join.
        var bound = await owner.Client.PostAsJsonAsync(
            $"/api/v1/households/{link.HouseholdId}/invites",
            new { email = victim.Email.ToUpperInvariant() + ".", bindToEmail = true },
            Ct
        );
        bound.StatusCode.ShouldBe(HttpStatusCode.Created);
        var token = (await bound.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString();
        await using (var db = app.CreateDbContext())
        {
            await db
                .Users.Where(u => u.Id == victim.UserId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, true), Ct);
        }

        (await victim.Client.PostAsync($"/api/v1/invites/{token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
    }
}
