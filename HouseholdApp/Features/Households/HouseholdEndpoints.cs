using System.Security.Claims;
using HouseholdApp.Common;
using HouseholdApp.Features.Memberships;

namespace HouseholdApp.Features.Households;

public sealed record CreateHouseholdRequest(string? Name);

public sealed record RenameHouseholdRequest(string? Name);

public sealed record HouseholdResponse(Guid Id, string Name);

public sealed record HouseholdDetailsResponse(Guid Id, string Name, DateTimeOffset CreatedAt, HouseholdRole Role);

public sealed record HouseholdListItem(Guid Id, string Name, HouseholdRole Role, int MemberCount);

public sealed record MemberResponse(
    string UserId,
    string DisplayName,
    string Email,
    HouseholdRole Role,
    DateTimeOffset JoinedAt,
    string? InvitedBy
)
{
    public static MemberResponse From(MemberInfo m) =>
        new(m.UserId, m.DisplayName, m.Email, m.Role, m.JoinedAt, m.InvitedBy);
}

internal static class HouseholdEndpoints
{
    public static RouteGroupBuilder MapHouseholdEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/households")
            .RequireAuthorization(ApiAuthorization.PolicyName)
            .WithTags("Households");

        group
            .MapPost(
                "/",
                async (
                    CreateHouseholdRequest? request,
                    ClaimsPrincipal user,
                    HouseholdService households,
                    CancellationToken ct
                ) =>
                {
                    var result = await households.CreateHouseholdAsync(user.RequiredUserId(), request?.Name, ct);
                    return result.ToHttpResult(h =>
                        TypedResults.Created($"/api/v1/households/{h.Id}", new HouseholdResponse(h.Id, h.Name))
                    );
                }
            )
            .WithSummary("Create a household; the caller becomes its owner.")
            .Produces<HouseholdResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        group
            .MapGet("/", async (ClaimsPrincipal user, HouseholdService households, CancellationToken ct) =>
            {
                var list = await households.ListMyHouseholdsAsync(user.RequiredUserId(), ct);
                return TypedResults.Ok(list.Select(h => new HouseholdListItem(h.Id, h.Name, h.Role, h.MemberCount)));
            })
            .WithSummary("The caller's households, with the caller's role in each.");

        group
            .MapGet(
                "/{id:guid}",
                async (Guid id, ClaimsPrincipal user, HouseholdService households, CancellationToken ct) =>
                {
                    var result = await households.GetHouseholdAsync(user.RequiredUserId(), id, ct);
                    return result.ToHttpResult(h =>
                        TypedResults.Ok(new HouseholdDetailsResponse(h.Id, h.Name, h.CreatedAt, h.MyRole))
                    );
                }
            )
            .WithSummary("One household the caller belongs to.")
            .Produces<HouseholdDetailsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group
            .MapPatch(
                "/{id:guid}",
                async (
                    Guid id,
                    RenameHouseholdRequest? request,
                    ClaimsPrincipal user,
                    HouseholdService households,
                    CancellationToken ct
                ) =>
                {
                    var result = await households.RenameAsync(user.RequiredUserId(), id, request?.Name, ct);
                    return result.ToHttpResult(h => TypedResults.Ok(new HouseholdResponse(h.Id, h.Name)));
                }
            )
            .WithSummary("Rename a household (owners).")
            .Produces<HouseholdResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group
            .MapDelete(
                "/{id:guid}",
                async (Guid id, ClaimsPrincipal user, HouseholdService households, CancellationToken ct) =>
                {
                    var result = await households.DeleteAsync(user.RequiredUserId(), id, ct);
                    return result.ToHttpResult(_ => TypedResults.NoContent());
                }
            )
            .WithSummary("Delete a household with its members, invites and history (owners).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group
            .MapGet(
                "/{id:guid}/members",
                async (Guid id, ClaimsPrincipal user, HouseholdService households, CancellationToken ct) =>
                {
                    var result = await households.ListMembersAsync(user.RequiredUserId(), id, ct);
                    return result.ToHttpResult(members => TypedResults.Ok(members.Select(MemberResponse.From)));
                }
            )
            .WithSummary("The household's members.")
            .Produces<IEnumerable<MemberResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }
}
