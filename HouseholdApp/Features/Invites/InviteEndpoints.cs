using System.Security.Claims;
using HouseholdApp.Common;
using HouseholdApp.Features.Memberships;

namespace HouseholdApp.Features.Invites;

public sealed record CreateInviteRequest(
    string? ExpiresIn,
    int? MaxUses,
    string? Role,
    string? Label,
    string? Email = null,
    bool? BindToEmail = null
);

public sealed record CreatedInviteResponse(
    Guid Id,
    string Token,
    string Url,
    DateTimeOffset ExpiresAt,
    int MaxUses,
    HouseholdRole Role,
    string? Label,
    string? Email = null,
    bool Mailed = false,
    bool BindToEmail = false
);

public sealed record InviteRedemptionResponse(
    string UserId,
    string DisplayName,
    string Email,
    DateTimeOffset RedeemedAt
);

public sealed record InviteListItem(
    Guid Id,
    string Status,
    HouseholdRole Role,
    int Uses,
    int MaxUses,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string? Label,
    string CreatedBy,
    DateTimeOffset? RevokedAt,
    string? RevokedBy,
    string? RevokedReason,
    IReadOnlyList<InviteRedemptionResponse> Redemptions
);

public sealed record InviteHouseholdResponse(string Name);

public sealed record InvitePreviewResponse(
    string State,
    InviteHouseholdResponse Household,
    string InvitedBy,
    HouseholdRole Role,
    DateTimeOffset ExpiresAt
);

public sealed record AcceptInviteResponse(Guid HouseholdId);

public sealed record SignUpRequest(string? Email, string? Password, string? DisplayName);

public sealed record SignUpResponse(Guid HouseholdId, string UserId);

internal static class InviteEndpoints
{
    public static RouteGroupBuilder MapInviteEndpoints(this RouteGroupBuilder api)
    {
        var owners = api.MapGroup("/households/{householdId:guid}/invites")
            .RequireAuthorization(ApiAuthorization.PolicyName)
            .WithTags("Invites");

        owners
            .MapPost(
                "/",
                async (
                    Guid householdId,
                    CreateInviteRequest? request,
                    ClaimsPrincipal user,
                    PublicUrl publicUrl,
                    InviteManagementService invites,
                    CancellationToken ct
                ) =>
                {
                    var result = await invites.CreateInviteAsync(
                        user.RequiredUserId(),
                        householdId,
                        new CreateInviteCommand(
                            request?.ExpiresIn,
                            request?.MaxUses,
                            request?.Role,
                            request?.Label,
                            request?.Email,
                            request?.BindToEmail
                        ),
                        ct
                    );
                    return result.ToHttpResult(created =>
                        TypedResults.Created(
                            $"{ApiSetup.Prefix}/households/{householdId}/invites/{created.Id}",
                            new CreatedInviteResponse(
                                created.Id,
                                created.Token,
                                InviteLinks.Absolute(publicUrl, created.Token),
                                created.ExpiresAt,
                                created.MaxUses,
                                created.Role,
                                created.Label,
                                created.Email,
                                created.Mailed,
                                created.BoundToEmail
                            )
                        )
                    );
                }
            )
            .WithSummary("Create an invite link (owners); the token is in this answer only.")
            .Produces<CreatedInviteResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        owners
            .MapGet(
                "/",
                async (Guid householdId, ClaimsPrincipal user, InviteManagementService invites, CancellationToken ct) =>
                {
                    var result = await invites.ListInvitesAsync(user.RequiredUserId(), householdId, ct);
                    return result.ToHttpResult(list =>
                        TypedResults.Ok(
                            list.Select(i => new InviteListItem(
                                i.Id,
                                i.State.Describe().ListStatus!,
                                i.Role,
                                i.UseCount,
                                i.MaxUses,
                                i.CreatedAt,
                                i.ExpiresAt,
                                i.Label,
                                i.CreatedBy,
                                i.RevokedAt,
                                i.RevokedBy,
                                i.RevokedReason?.ToWireName(),
                                i.Redemptions.Select(r => new InviteRedemptionResponse(
                                        r.UserId,
                                        r.DisplayName,
                                        r.Email,
                                        r.RedeemedAt
                                    ))
                                    .ToList()
                            ))
                        )
                    );
                }
            )
            .WithSummary("The household's invites with status, uses and who joined (owners); never tokens.")
            .Produces<IEnumerable<InviteListItem>>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        owners
            .MapDelete(
                "/history",
                async (Guid householdId, ClaimsPrincipal user, InviteManagementService invites, CancellationToken ct) =>
                {
                    var result = await invites.ClearHistoryAsync(user.RequiredUserId(), householdId, ct);
                    return result.ToHttpResult(_ => TypedResults.NoContent());
                }
            )
            .WithSummary("Delete used-up, expired and revoked invites (owners).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        owners
            .MapDelete(
                "/{inviteId:guid}",
                async (
                    Guid householdId,
                    Guid inviteId,
                    ClaimsPrincipal user,
                    InviteManagementService invites,
                    CancellationToken ct
                ) =>
                {
                    var result = await invites.RevokeInviteAsync(user.RequiredUserId(), householdId, inviteId, ct);
                    return result.ToHttpResult(_ => TypedResults.NoContent());
                }
            )
            .WithSummary("Revoke an invite (owners).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var links = api.MapGroup("/invites/{token}")
            .RequireRateLimiting(InviteRateLimiting.PolicyName)
            .WithTags("Invites");

        links
            .MapGet(
                "/",
                async (
                    string token,
                    ClaimsPrincipal user,
                    InviteRedemptionService invites,
                    InviteErrors errors,
                    CancellationToken ct
                ) =>
                {
                    var lookup = await invites.LookupAsync(
                        token,
                        user.Identity?.IsAuthenticated == true ? user.RequiredUserId() : null,
                        ct
                    );
                    return lookup.ToHttpResult(errors, invite =>
                        TypedResults.Ok(
                            new InvitePreviewResponse(
                                InviteState.Valid.Describe().PageState,
                                new InviteHouseholdResponse(invite.HouseholdName),
                                invite.InvitedBy,
                                invite.Role,
                                invite.ExpiresAt
                            )
                        )
                    );
                }
            )
            .AllowAnonymous()
            .WithNoStore()
            .WithSummary("What a link shows its holder (anonymous); never consumes anything.")
            .Produces<InvitePreviewResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);

        links
            .MapPost(
                "/accept",
                async (
                    string token,
                    ClaimsPrincipal user,
                    InviteRedemptionService invites,
                    InviteErrors errors,
                    CancellationToken ct
                ) =>
                {
                    var outcome = await invites.AcceptAsync(token, user.RequiredUserId(), ct);
                    return outcome.ToHttpResult(errors, joined =>
                        TypedResults.Ok(new AcceptInviteResponse(joined.HouseholdId))
                    );
                }
            )
            .RequireAuthorization(ApiAuthorization.PolicyName)
            .WithSummary("Join the link's household as the signed-in user.")
            .Produces<AcceptInviteResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);

        // Only this post constructs the sign-up service (and with it Identity's managers).
        links
            .MapPost(
                "/signup",
                async (
                    string token,
                    SignUpRequest? request,
                    InviteSignUpService signUps,
                    InviteErrors errors,
                    CancellationToken ct
                ) =>
                {
                    var outcome = await signUps.SignUpAndAcceptAsync(
                        token,
                        request?.Email,
                        request?.Password,
                        request?.DisplayName,
                        ct
                    );
                    return outcome.ToHttpResult(errors, joined =>
                        TypedResults.Created(
                            $"{ApiSetup.Prefix}/households/{joined.HouseholdId}",
                            new SignUpResponse(joined.HouseholdId, joined.UserId)
                        )
                    );
                }
            )
            .AllowAnonymous()
            .WithSummary("Create an account and join the link's household, together or not at all (anonymous).")
            .Produces<SignUpResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);

        return api;
    }
}

public static class InviteLinks
{
    public const string PathPrefix = "/invites";

    public static string RelativePath(string token) => $"{PathPrefix}/{token}";

    /// <summary>The link to share: always on App:PublicUrl, never on the request's Host.</summary>
    public static string Absolute(PublicUrl publicUrl, string token) => publicUrl.Absolute(RelativePath(token));
}
