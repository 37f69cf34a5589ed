using System.Security.Claims;
using HouseholdApp.Common;
using HouseholdApp.Features.Memberships;

namespace HouseholdApp.Features.Households;

public sealed record CreateHouseholdRequest(string? Name);

public sealed record RenameHouseholdRequest(string? Name);

public sealed record HouseholdResponse(Guid Id, string Name);

public sealed record HouseholdListItem(Guid Id, string Name, HouseholdRole Role, int MemberCount);

public sealed record MemberResponse(string UserId, string DisplayName, string Email, HouseholdRole Role, DateTimeOffset JoinedAt, string? InvitedBy)
{
    public static MemberResponse From(MemberInfo m) => new(m.UserId, m.DisplayName, m.Email, m.Role, m.JoinedAt, m.InvitedBy);
}

internal static class HouseholdEndpoints
{
    public static RouteGroupBuilder MapHouseholdEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/households").RequireAuthorization(ApiAuthorization.PolicyName);

        group.MapPost("/", async (CreateHouseholdRequest? request, ClaimsPrincipal user, HouseholdService households, CancellationToken ct) =>
        {
            var result = await households.CreateHouseholdAsync(user.RequiredUserId(), request?.Name, ct);
            return result.ToHttpResult(h => TypedResults.Created($"/api/v1/households/{h.Id}", new HouseholdResponse(h.Id, h.Name)));
        });

        group.MapGet("/", async (ClaimsPrincipal user, HouseholdService households, CancellationToken ct) =>
        {
            var list = await households.ListMyHouseholdsAsync(user.RequiredUserId(), ct);
            return TypedResults.Ok(list.Select(h => new HouseholdListItem(h.Id, h.Name, h.Role, h.MemberCount)));
        });

        group.MapGet("/{id:guid}", async (Guid id, ClaimsPrincipal user, HouseholdService households, CancellationToken ct) =>
        {
            var result = await households.GetHouseholdAsync(user.RequiredUserId(), id, ct);
            return result.ToHttpResult(h => TypedResults.Ok(new { h.Id, h.Name, h.CreatedAt, Role = h.MyRole }));
        });

        group.MapPatch("/{id:guid}", async (Guid id, RenameHouseholdRequest? request, ClaimsPrincipal user, HouseholdService households, CancellationToken ct) =>
        {
            var result = await households.RenameAsync(user.RequiredUserId(), id, request?.Name, ct);
            return result.ToHttpResult(h => TypedResults.Ok(new HouseholdResponse(h.Id, h.Name)));
        });

        group.MapDelete("/{id:guid}", async (Guid id, ClaimsPrincipal user, HouseholdService households, CancellationToken ct) =>
        {
            var result = await households.DeleteAsync(user.RequiredUserId(), id, ct);
            return result.ToHttpResult(_ => TypedResults.NoContent());
        });

        group.MapGet("/{id:guid}/members", async (Guid id, ClaimsPrincipal user, HouseholdService households, CancellationToken ct) =>
        {
            var result = await households.ListMembersAsync(user.RequiredUserId(), id, ct);
            return result.ToHttpResult(members => TypedResults.Ok(members.Select(MemberResponse.From)));
        });

        return api;
    }
}
