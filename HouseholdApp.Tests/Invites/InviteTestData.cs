using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Data;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HouseholdApp.Tests.Invites;

public sealed record CreatedLink(Guid Id, string Token, Guid HouseholdId);

public sealed record InviteRow(int UseCount, int MaxUses, DateTimeOffset? RevokedAt);

/// <summary>Each test's own households, links and people, made through the API like a client would.</summary>
public static class InviteTestData
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<Guid> CreateHouseholdAsync(this ApiUser owner, string name = "Home")
    {
        var response = await owner.Client.PostAsJsonAsync("/api/v1/households", new { name }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    public static async Task<CreatedLink> CreateLinkAsync(this ApiUser owner, Guid householdId, object? request = null)
    {
        var response = await owner.Client.PostAsJsonAsync($"/api/v1/households/{householdId}/invites", request ?? new { }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return new CreatedLink(body.GetProperty("id").GetGuid(), body.GetProperty("token").GetString()!, householdId);
    }

    /// <summary>An owner, their household and one link to it.</summary>
    public static async Task<(ApiUser Owner, CreatedLink Link)> CreateOwnerWithLinkAsync(this TestApp app, object? request = null)
    {
        var owner = await app.CreateFastUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync();
        return (owner, await owner.CreateLinkAsync(householdId, request));
    }

    /// <summary>A member (not owner) of the household, joined through a fresh link.</summary>
    public static async Task<ApiUser> CreateMemberAsync(this TestApp app, ApiUser owner, Guid householdId)
    {
        var member = await app.CreateFastUserAsync("member");
        var link = await owner.CreateLinkAsync(householdId);
        (await member.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return member;
    }

    /// <summary>
    /// A user with a bearer token minted by the app's own bearer-token protector. Registering and signing in
    /// through the API costs two password hashes per user; races with dozens of distinct users would spend
    /// seconds on PBKDF2 alone. The token is what /login returns, but valid for 40 days of the app's clock, so it outlives
    /// a fake clock moved past a 30-day invite.
    /// </summary>
    public static async Task<ApiUser> CreateFastUserAsync(this TestApp app, string who = "user")
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = TestApp.UniqueEmail(who);
        var user = new ApplicationUser { UserName = email, Email = email };
        var created = await users.CreateAsync(user);
        created.Succeeded.ShouldBeTrue(string.Join("; ", created.Errors.Select(e => e.Description)));
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);
        var bearer = app.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddDays(40) }, IdentityConstants.BearerScheme);
        var client = app.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer.BearerTokenProtector.Protect(ticket));
        return new ApiUser(email, user.Id, client);
    }

    public static async Task<InviteRow> ReadInviteAsync(this TestApp app, Guid inviteId)
    {
        await using var db = app.CreateDbContext();
        return await db.Invites.AsNoTracking().Where(i => i.Id == inviteId)
            .Select(i => new InviteRow(i.UseCount, i.MaxUses, i.RevokedAt)).SingleAsync(Ct);
    }

    public static async Task<int> CountMembersAsync(this TestApp app, Guid householdId)
    {
        await using var db = app.CreateDbContext();
        return await db.Memberships.CountAsync(m => m.HouseholdId == householdId, Ct);
    }

    public static async Task<bool> UserExistsAsync(this TestApp app, string email)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.AnyAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), Ct);
    }

    /// <summary>Moves an invite's lifetime into the past (both ends, so the expiry check constraint still holds).</summary>
    public static async Task ExpireAsync(this TestApp app, Guid inviteId)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "UPDATE invites SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day' WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", inviteId);
        (await command.ExecuteNonQueryAsync(Ct)).ShouldBe(1);
    }

    public static async Task<string?> CodeAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json" || text.Length == 0)
        {
            return null;
        }

        using var json = JsonDocument.Parse(text);
        return json.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    /// <summary>Asserts status and problem code together, so a failure shows both.</summary>
    public static async Task ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var actual = await response.CodeAsync();
        ((int)response.StatusCode, actual).ShouldBe(((int)status, code));
    }
}
