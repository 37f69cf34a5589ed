using HouseholdApp.Common;

namespace HouseholdApp.Features.Invites;

/// <summary>
/// What an invite is, for the person holding its link (SPEC section 4) and for its owners (section 7): the one closed
/// set. <see cref="InviteStates.Of"/> derives it from a row; <see cref="InviteStates.Describe"/> is the one table
/// that maps it to the page, the API and HTTP.
/// </summary>
public enum InviteState
{
    /// <summary>Usable; owners see it as pending.</summary>
    Valid,
    Expired,

    /// <summary>No uses left; owners see it as used up.</summary>
    Used,
    Revoked,
    AlreadyMember,

    /// <summary>No such link, or its household was deleted: reveals nothing about any household.</summary>
    Invalid,

    /// <summary>Not 43 Base64Url characters: decided without a database query.</summary>
    Malformed,

    /// <summary>Bound to an e-mail address, and the signed-in account does not have it, confirmed.</summary>
    WrongAccount,

    /// <summary>Bound to an e-mail address, and nobody is signed in: the recipient signs in or signs up
    /// first.</summary>
    SignInRequired,
}

/// <summary>How one state shows: on the landing page, in the API, and in the owners' list (null: not a list
/// state).</summary>
/// <param name="PageState">The landing page's <c>data-invite-state</c> and the API preview's <c>state</c>.</param>
/// <param name="Problem">The API's answer for it; null for the one state that is not an error. Its words:
/// <see cref="InviteTexts.Problem"/>.</param>
/// <param name="ListStatus">The owners' list's wire name; its words: <see cref="InviteTexts.ListLabel"/>.</param>
public sealed record InviteStateView(string PageState, int PageStatus, InviteProblem? Problem, string? ListStatus);

/// <summary>What the API answers for a state: the kind (its HTTP status) and the stable code.</summary>
public sealed record InviteProblem(ErrorKind Kind, string Code);

public static class InviteStates
{
    /// <summary>
    /// The state of a link from its row. A deliberate revocation wins over exhaustion, and exhaustion over expiry:
    /// the most useful explanation for the person holding it. A test pins this to <see cref="InviteRules"/>.
    /// </summary>
    public static InviteState Of(
        DateTimeOffset? revokedAt,
        int useCount,
        int maxUses,
        DateTimeOffset expiresAt,
        DateTimeOffset now
    )
    {
        if (revokedAt is not null)
        {
            return InviteState.Revoked;
        }

        if (useCount >= maxUses)
        {
            return InviteState.Used;
        }

        return expiresAt > now ? InviteState.Valid : InviteState.Expired;
    }

    /// <summary>The one table: page state and status, API code and status, owners' list name.</summary>
    public static InviteStateView Describe(this InviteState state) =>
        state switch
        {
            InviteState.Valid => new("valid", StatusCodes.Status200OK, null, "pending"),
            InviteState.Expired => new(
                "expired",
                StatusCodes.Status410Gone,
                new(ErrorKind.Gone, "invite_expired"),
                "expired"
            ),
            InviteState.Used => new("used", StatusCodes.Status410Gone, new(ErrorKind.Gone, "invite_used"), "used_up"),
            InviteState.Revoked => new(
                "revoked",
                StatusCodes.Status410Gone,
                new(ErrorKind.Gone, "invite_revoked"),
                "revoked"
            ),
            InviteState.AlreadyMember => new(
                "already-member",
                StatusCodes.Status200OK,
                new(ErrorKind.Conflict, "already_member"),
                null
            ),
            InviteState.Invalid => new(
                "invalid",
                StatusCodes.Status404NotFound,
                new(ErrorKind.NotFound, "invite_invalid"),
                null
            ),
            InviteState.Malformed => new(
                "invalid",
                StatusCodes.Status404NotFound,
                new(ErrorKind.Malformed, "invite_malformed"),
                null
            ),
            InviteState.WrongAccount => new(
                "wrong-account",
                StatusCodes.Status403Forbidden,
                new(ErrorKind.Forbidden, "invite_wrong_account"),
                null
            ),
            // The recipient, signed out, is shown the way in (200); the API, which cannot sign anyone in, refuses.
            InviteState.SignInRequired => new(
                "sign-in-required",
                StatusCodes.Status200OK,
                new(ErrorKind.Forbidden, "invite_wrong_account"),
                null
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
        };

    /// <summary>The wire name of a revocation's reason (SPEC section 2).</summary>
    public static string ToWireName(this InviteRevokedReason reason) =>
        reason switch
        {
            InviteRevokedReason.RevokedByOwner => "revoked_by_owner",
            InviteRevokedReason.CreatorLeft => "creator_left",
            InviteRevokedReason.CreatorRemoved => "creator_removed",
            InviteRevokedReason.CreatorDemoted => "creator_demoted",
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
        };
}

/// <summary>The lifetimes an owner can choose for an invite.</summary>
public static class InviteExpiry
{
    public const string Default = "7d";

    /// <summary>Each with its API key; a person reads its lifetime in words (<see
    /// cref="InviteDisplay.Duration"/>).</summary>
    public static IReadOnlyList<(string Key, TimeSpan Lifetime)> Presets { get; } =
    [
        ("1h", TimeSpan.FromHours(1)),
        ("1d", TimeSpan.FromDays(1)),
        ("7d", TimeSpan.FromDays(7)),
        ("30d", TimeSpan.FromDays(30)),
    ];

    public static TimeSpan? TryParse(string? key)
    {
        foreach (var preset in Presets)
        {
            if (string.Equals(preset.Key, key, StringComparison.Ordinal))
            {
                return preset.Lifetime;
            }
        }

        return null;
    }
}
