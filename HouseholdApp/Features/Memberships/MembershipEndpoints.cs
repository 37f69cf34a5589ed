using System.Security.Claims;
using HouseholdApp.Common;
using HouseholdApp.Features.Households;

namespace HouseholdApp.Features.Memberships;

public sealed record ChangeRoleRequest(string? Role);

public sealed record TransferOwnershipRequest(string? UserId);

internal static class MembershipEndpoints
{
    public static RouteGroupBuilder MapMembershipEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/households/{id:guid}")
            .RequireAuthorization(ApiAuthorization.PolicyName)
            .WithTags("Members");

        // Removing yourself is leaving, which members may do too; removing anyone else is for owners.
        group
            .MapDelete(
                "/members/{userId}",
                async (
                    Guid id,
                    string userId,
                    ClaimsPrincipal user,
                    MembershipService memberships,
                    CancellationToken ct
                ) =>
                {
                    var actor = user.RequiredUserId();
                    var result =
                        userId == actor
                            ? await memberships.LeaveAsync(actor, id, ct)
                            : await memberships.RemoveMemberAsync(actor, id, userId, ct);
                    return result.ToHttpResult(_ => TypedResults.NoContent());
                }
            )
            .WithSummary("Remove a member (owners), or leave when userId is the caller's own.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group
            .MapPut(
                "/members/{userId}/role",
                async (
                    Guid id,
                    string userId,
                    ChangeRoleRequest? request,
                    ClaimsPrincipal user,
                    MembershipService memberships,
                    HouseholdTexts texts,
                    CancellationToken ct
                ) =>
                {
                    if (HouseholdRoles.Parse(request?.Role) is not { } role)
                    {
                        return texts.InvalidRole.ToProblem();
                    }

                    var result = await memberships.ChangeRoleAsync(user.RequiredUserId(), id, userId, role, ct);
                    return result.ToHttpResult(m => TypedResults.Ok(MemberResponse.From(m)));
                }
            )
            .WithSummary("Change a member's role (owners); the last owner cannot be demoted.")
            .Produces<MemberResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group
            .MapPost(
                "/transfer",
                async (
                    Guid id,
                    TransferOwnershipRequest? request,
                    ClaimsPrincipal user,
                    HouseholdService households,
                    MembershipService memberships,
                    HouseholdTexts texts,
                    CancellationToken ct
                ) =>
                {
                    if (string.IsNullOrWhiteSpace(request?.UserId))
                    {
                        return texts.NameTheNewOwner.ToProblem();
                    }

                    var actor = user.RequiredUserId();
                    var result = await memberships.TransferOwnershipAsync(actor, id, request.UserId, ct);
                    if (!result.IsSuccess)
                    {
                        return result.Error!.ToProblem();
                    }

                    var members = await households.ListMembersAsync(actor, id, ct);
                    return members.ToHttpResult(list => TypedResults.Ok(list.Select(MemberResponse.From)));
                }
            )
            .WithSummary("Hand ownership to another member (owners); answers the members.")
            .Produces<IEnumerable<MemberResponse>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }
}
