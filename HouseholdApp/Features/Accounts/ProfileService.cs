using System.Security.Claims;
using HouseholdApp.Common;
using HouseholdApp.Components.Account.Pages.Manage;
using HouseholdApp.Data;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Features.Accounts;

public sealed record Profile(string UserId, string Email, string DisplayName);

public sealed record ChangeProfileRequest(string? DisplayName);

public sealed record ProfileResponse(string UserId, string Email, string DisplayName);

/// <summary>What a person can change about how others see them: their display name.</summary>
public sealed class ProfileService(IDbContextFactory<AppDbContext> dbFactory, SharedTexts shared, ManageTexts texts)
{
    public async Task<Result<Profile>> GetProfileAsync(string? userId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return shared.Unauthenticated;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var profile = await db
            .Users.Where(u => u.Id == userId)
            .Select(u => new Profile(u.Id, u.Email ?? "", u.DisplayName))
            .SingleOrDefaultAsync(ct);
        return profile is null ? shared.Unauthenticated : profile;
    }

    public async Task<Result<Profile>> ChangeDisplayNameAsync(
        string? userId,
        string? displayName,
        CancellationToken ct = default
    )
    {
        if (string.IsNullOrEmpty(userId))
        {
            return shared.Unauthenticated;
        }

        var (name, error) = NameRules.DisplayName.Check(displayName, shared);
        if (name is null)
        {
            return Error.Validation(
                "invalid_display_name",
                error ?? texts.DisplayNameRule(NameRules.DisplayNameMaxLength),
                "displayName"
            );
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changed = await db
            .Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, name), ct);
        return changed == 0 ? shared.Unauthenticated : await GetProfileAsync(userId, ct);
    }
}

internal static class ProfileEndpoints
{
    public static RouteGroupBuilder MapProfileEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/account/profile")
            .RequireAuthorization(ApiAuthorization.PolicyName)
            .WithTags("Account");
        group
            .MapGet("/", async (ClaimsPrincipal user, ProfileService profiles, CancellationToken ct) =>
                (await profiles.GetProfileAsync(user.RequiredUserId(), ct)).ToHttpResult(p =>
                    TypedResults.Ok(new ProfileResponse(p.UserId, p.Email, p.DisplayName))
                )
            )
            .WithSummary("The signed-in account's profile.")
            .Produces<ProfileResponse>();
        group
            .MapPut(
                "/",
                async (
                    ChangeProfileRequest? request,
                    ClaimsPrincipal user,
                    ProfileService profiles,
                    CancellationToken ct
                ) =>
                    (
                        await profiles.ChangeDisplayNameAsync(user.RequiredUserId(), request?.DisplayName, ct)
                    ).ToHttpResult(p => TypedResults.Ok(new ProfileResponse(p.UserId, p.Email, p.DisplayName)))
            )
            .WithSummary("Change the signed-in account's display name.")
            .Produces<ProfileResponse>()
            .ProducesValidationProblem();
        return api;
    }
}
