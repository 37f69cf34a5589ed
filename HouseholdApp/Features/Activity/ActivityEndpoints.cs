using System.Security.Claims;
using HouseholdApp.Common;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;

namespace HouseholdApp.Features.Activity;

public sealed record ActivityPersonResponse(string UserId, string DisplayName);

public sealed record ActivityResponse(
    Guid Id,
    string Kind,
    DateTimeOffset At,
    ActivityPersonResponse? Actor,
    ActivityPersonResponse? Subject,
    Guid? InviteId,
    string? InviteLabel,
    HouseholdRole? Role,
    string? RevokedReason,
    string Text
);

internal static class ActivityEndpoints
{
    public static RouteGroupBuilder MapActivityEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet(
                "/households/{id:guid}/activity",
                async (
                    Guid id,
                    ClaimsPrincipal user,
                    ActivityService activity,
                    HouseholdTexts texts,
                    CancellationToken ct
                ) =>
                {
                    var result = await activity.ListActivityAsync(user.RequiredUserId(), id, ct);
                    return result.ToHttpResult(entries =>
                        TypedResults.Ok(
                            entries.Select(e => new ActivityResponse(
                                e.Id,
                                ActivityText.WireName(e.Kind),
                                e.OccurredAt,
                                e.Actor is null
                                    ? null
                                    : new ActivityPersonResponse(e.Actor.UserId, e.Actor.DisplayName),
                                e.Subject is null
                                    ? null
                                    : new ActivityPersonResponse(e.Subject.UserId, e.Subject.DisplayName),
                                e.InviteId,
                                e.InviteLabel,
                                e.Role,
                                e.RevokedReason?.ToWireName(),
                                ActivityText.Describe(e, texts)
                            ))
                        )
                    );
                }
            )
            .RequireAuthorization(ApiAuthorization.PolicyName)
            .WithTags("Activity")
            .WithSummary("The household's activity of the last 90 days (owners).")
            .Produces<IEnumerable<ActivityResponse>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
