using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Data;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Features.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>A user a test made: their address, id, and an HTTP client carrying their bearer token.</summary>
public sealed record TestUser(string Email, string UserId, HttpClient Client);

/// <summary>An invite a test made: its id and raw token, its household, and (when the test made it) its
/// owner.</summary>
public sealed record TestInvite(Guid Id, string Token, Guid HouseholdId, TestUser Owner, string HouseholdName)
{
    /// <summary>The landing page of the link.</summary>
    public string Path => $"/invites/{Token}";
}

/// <summary>The state <see cref="TestData.CreateInviteAsync"/> leaves an invite in.</summary>
public enum TestInviteState
{
    Active,
    Expired,
    Revoked,
    UsedUp,
}

public sealed record InviteRow(int UseCount, int MaxUses, DateTimeOffset? RevokedAt);

/// <summary>
/// The one way tests make data: users, signed-in clients, households, members and invites, each test its own (tests
/// run in parallel on a shared app, so never look for "the" household or user). Through the API where that is what
/// is tested (a client's view), straight into the database where only the state matters (fast: no HTTP, no hashes).
/// <code>
/// var owner = await app.CreateUserAsync("owner");                 // a user with a bearer-token client
/// var householdId = await owner.CreateHouseholdAsync("Home");     // through the API
/// var invite = await owner.CreateLinkAsync(householdId, new { maxUses = 3 });
/// var expired = await app.CreateInviteAsync(state: TestInviteState.Expired);
/// var alice = (await app.CreateUserAsync("alice")).UserId;
/// var seeded = await app.CreateHouseholdAsync("Seeded", (alice, HouseholdRole.Owner));   // database rows
/// var (client, member) = await app.SignedInClientAsync();         // a cookie client, signed in by the form
/// </code>
/// </summary>
public static class TestData
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // ----- Users -----

    /// <summary>The password of every user made <c>withPassword</c>.</summary>
    public const string DefaultPassword = "correct-horse-battery";

    public static string UniqueEmail(string who = "user") => $"{who}-{Guid.NewGuid():N}@example.org";

    /// <summary>How the app names someone who signed up without a display name: the address up to the @.</summary>
    public static string DefaultDisplayName(string email) => email[..email.IndexOf('@')];

    /// <summary>
    /// A user made through the app's user manager, with a bearer token minted by the app's own bearer-token protector
    /// (what /login returns, without the password hashes that sign-up and sign-in cost: races with dozens of users
    /// would spend seconds on PBKDF2 alone). The token is valid for 40 days of the app's clock, so it outlives a fake
    /// clock moved past a 30-day invite. Sign-in forms need <paramref name="withPassword"/>
    /// (<see cref="DefaultPassword"/>). A test that needs a particular address (one the app's settings name) passes
    /// <paramref name="email"/>.
    /// </summary>
    public static async Task<TestUser> CreateUserAsync(
        this TestApp app,
        string who = "user",
        bool withPassword = false,
        string? email = null
    )
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        email ??= UniqueEmail(who);
        var user = new ApplicationUser { UserName = email, Email = email };
        var created = withPassword ? await users.CreateAsync(user, DefaultPassword) : await users.CreateAsync(user);
        created.Succeeded.ShouldBeTrue(string.Join("; ", created.Errors.Select(e => e.Description)));
        var principal = await scope
            .ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>()
            .CreateAsync(user);
        // A token lives only with its server-side session, as one from /login does.
        var sessionId = await app
            .Services.GetRequiredService<UserSessions>()
            .StartAsync(user, user.SecurityStamp!, SessionKind.Api, "tests", Ct);
        ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(
            new System.Security.Claims.Claim(UserSessions.ClaimType, sessionId)
        );
        var bearer = app
            .Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>()
            .Get(IdentityConstants.BearerScheme);
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var ticket = new AuthenticationTicket(
            principal,
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddDays(40) },
            IdentityConstants.BearerScheme
        );
        var client = app.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            bearer.BearerTokenProtector.Protect(ticket)
        );
        return new TestUser(email, user.Id, client);
    }

    /// <summary>A cookie-keeping client signed in through the login form, as a browser without JavaScript would
    /// be (with <paramref name="cookies"/>, cookies of the test's own beside).</summary>
    public static async Task<HttpClient> SignedInBrowserClientAsync(
        this TestApp app,
        TestUser user,
        CookieContainer? cookies = null
    )
    {
        var client = app.CreateBrowserLikeClient(cookies);
        var login = await client.SubmitFormAsync(
            "/Account/Login",
            "login",
            new Dictionary<string, string> { ["Input.Email"] = user.Email, ["Input.Password"] = DefaultPassword }
        );
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"app errors: {app.RecentErrors()}");
        return client;
    }

    /// <summary>A new user with a password, and a browser-like client (cookies, no redirects followed) signed in as
    /// them.</summary>
    public static async Task<(HttpClient Client, TestUser User)> SignedInClientAsync(
        this TestApp app,
        string who = "member"
    )
    {
        var user = await app.CreateUserAsync(who, withPassword: true);
        return (await app.SignedInBrowserClientAsync(user), user);
    }

    // ----- Households and members -----

    /// <summary>A household made by <paramref name="owner"/> through the API; returns its id.</summary>
    public static async Task<Guid> CreateHouseholdAsync(this TestUser owner, string name = "Home")
    {
        var response = await owner.Client.PostAsJsonAsync("/api/v1/households", new { name }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    /// <summary>A household written to the database with these members (joined one second apart, in order).</summary>
    public static Task<Guid> CreateHouseholdAsync(
        this TestApp app,
        params (string UserId, HouseholdRole Role)[] members
    ) => app.CreateHouseholdAsync("Seeded household", members);

    /// <inheritdoc cref="CreateHouseholdAsync(TestApp, ValueTuple{string, HouseholdRole}[])"/>
    public static async Task<Guid> CreateHouseholdAsync(
        this TestApp app,
        string name,
        params (string UserId, HouseholdRole Role)[] members
    )
    {
        var now = DateTimeOffset.UtcNow;
        var household = new Household
        {
            Id = Guid.NewGuid(),
            Name = name,
            CreatedAt = now,
        };
        foreach (var (userId, role) in members)
        {
            household.Memberships.Add(
                new Membership
                {
                    Id = Guid.NewGuid(),
                    UserId = userId,
                    Role = role,
                    JoinedAt = now,
                }
            );
            now = now.AddSeconds(1);
        }

        await using var db = app.CreateDbContext();
        db.Households.Add(household);
        await db.SaveChangesAsync(Ct);
        return household.Id;
    }

    /// <summary>Adds a membership straight to the database.</summary>
    public static async Task AddMemberAsync(this TestApp app, Guid householdId, string userId, HouseholdRole role)
    {
        await using var db = app.CreateDbContext();
        db.Memberships.Add(
            new Membership
            {
                Id = Guid.NewGuid(),
                HouseholdId = householdId,
                UserId = userId,
                Role = role,
                JoinedAt = DateTimeOffset.UtcNow,
            }
        );
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>A member (not owner) of the household, joined through a fresh link, as a client would.</summary>
    public static async Task<TestUser> CreateMemberAsync(this TestApp app, TestUser owner, Guid householdId)
    {
        var member = await app.CreateUserAsync("member");
        var link = await owner.CreateLinkAsync(householdId);
        (await member.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        return member;
    }

    // ----- Invites -----

    /// <summary>An invite link to the household, made by <paramref name="owner"/> through the API (request: the JSON
    /// body, e.g. <c>new { maxUses = 3 }</c>).</summary>
    public static async Task<TestInvite> CreateLinkAsync(this TestUser owner, Guid householdId, object? request = null)
    {
        var response = await owner.Client.PostAsJsonAsync(
            $"/api/v1/households/{householdId}/invites",
            request ?? new { },
            Ct
        );
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        var body = JsonDocument.Parse(text).RootElement;
        return new TestInvite(
            body.GetProperty("id").GetGuid(),
            body.GetProperty("token").GetString()!,
            householdId,
            owner,
            ""
        );
    }

    /// <summary>A fast owner, their household and one link to it.</summary>
    public static async Task<(TestUser Owner, TestInvite Link)> CreateOwnerWithLinkAsync(
        this TestApp app,
        object? request = null
    )
    {
        var owner = await app.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync();
        return (owner, await owner.CreateLinkAsync(householdId, request));
    }

    /// <summary>
    /// A fresh household with one 7-day invite in the chosen state. The owner has a password
    /// (<see cref="DefaultPassword"/>), so browser tests can sign in as them.
    /// </summary>
    public static async Task<TestInvite> CreateInviteAsync(
        this TestApp app,
        string householdName = "Maple Street flat",
        string role = "Member",
        int maxUses = 1,
        TestInviteState state = TestInviteState.Active
    )
    {
        var owner = await app.CreateUserAsync("owner", withPassword: true);
        var householdId = await owner.CreateHouseholdAsync(householdName);
        var link = await owner.CreateLinkAsync(
            householdId,
            new
            {
                expiresIn = "7d",
                maxUses,
                role,
            }
        );
        var invite = link with { HouseholdName = householdName };
        switch (state)
        {
            case TestInviteState.Expired:
                await app.ExpireAsync(invite);
                break;
            case TestInviteState.Revoked:
                await invite.RevokeAsync();
                break;
            case TestInviteState.UsedUp:
                for (var i = 0; i < maxUses; i++)
                {
                    await app.UseUpAsync(invite);
                }

                break;
        }

        return invite;
    }

    /// <summary>Moves an invite's whole life into the past of the app's clock (both ends: the table requires expiry
    /// after creation).</summary>
    public static Task ExpireAsync(this TestApp app, TestInvite invite) => app.ExpireAsync(invite.Id);

    /// <inheritdoc cref="ExpireAsync(TestApp, TestInvite)"/>
    public static async Task ExpireAsync(this TestApp app, Guid inviteId)
    {
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var db = app.CreateDbContext();
        (
            await db
                .Invites.Where(i => i.Id == inviteId)
                .ExecuteUpdateAsync(
                    s =>
                        s.SetProperty(i => i.CreatedAt, now.AddDays(-3)).SetProperty(i => i.ExpiresAt, now.AddDays(-1)),
                    Ct
                )
        ).ShouldBe(1);
    }

    /// <summary>The owner revokes the invite through the API.</summary>
    public static async Task RevokeAsync(this TestInvite invite)
    {
        var response = await invite.Owner.Client.DeleteAsync(
            $"/api/v1/households/{invite.HouseholdId}/invites/{invite.Id}",
            Ct
        );
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    /// <summary>Someone else signs up through the link (through the API), using one of its uses.</summary>
    public static async Task UseUpAsync(this TestApp app, TestInvite invite)
    {
        var response = await app.CreateHttpClient()
            .PostAsJsonAsync(
                $"/api/v1/invites/{invite.Token}/signup",
                new { email = UniqueEmail("first"), password = DefaultPassword },
                Ct
            );
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    // ----- Reading the database back -----

    public static async Task<InviteRow> ReadInviteAsync(this TestApp app, Guid inviteId)
    {
        await using var db = app.CreateDbContext();
        return await db
            .Invites.AsNoTracking()
            .Where(i => i.Id == inviteId)
            .Select(i => new InviteRow(i.UseCount, i.MaxUses, i.RevokedAt))
            .SingleAsync(Ct);
    }

    public static async Task<int> UseCountAsync(this TestApp app, TestInvite invite) =>
        (await app.ReadInviteAsync(invite.Id)).UseCount;

    public static async Task<int> CountMembersAsync(this TestApp app, Guid householdId)
    {
        await using var db = app.CreateDbContext();
        return await db.Memberships.CountAsync(m => m.HouseholdId == householdId, Ct);
    }

    public static async Task<bool> IsMemberAsync(this TestApp app, Guid householdId, string userId)
    {
        await using var db = app.CreateDbContext();
        return await db.Memberships.AnyAsync(m => m.HouseholdId == householdId && m.UserId == userId, Ct);
    }

    /// <summary>The household's members as "userId:Role", sorted, for comparing whole states.</summary>
    public static async Task<List<string>> MembersAsync(this TestApp app, Guid householdId)
    {
        await using var db = app.CreateDbContext();
        var rows = await db
            .Memberships.Where(m => m.HouseholdId == householdId)
            .Select(m => new { m.UserId, m.Role })
            .ToListAsync(Ct);
        return [.. rows.Select(r => $"{r.UserId}:{r.Role}").Order(StringComparer.Ordinal)];
    }

    public static async Task<int> OwnerCountAsync(this TestApp app, Guid householdId)
    {
        await using var db = app.CreateDbContext();
        return await db.Memberships.CountAsync(m => m.HouseholdId == householdId && m.Role == HouseholdRole.Owner, Ct);
    }

    public static async Task<bool> UserExistsAsync(this TestApp app, string email)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.AnyAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), Ct);
    }

    public static async Task<string?> UserIdOfAsync(this TestApp app, string email)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleOrDefaultAsync(Ct);
    }
}
