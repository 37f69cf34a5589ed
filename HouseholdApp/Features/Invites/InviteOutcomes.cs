using HouseholdApp.Common;
using HouseholdApp.Features.Memberships;

namespace HouseholdApp.Features.Invites;

/// <summary>What the holder of a link is shown of it: household, inviter, role and expiry.</summary>
public sealed record InviteDetails(
    Guid InviteId,
    Guid HouseholdId,
    string HouseholdName,
    string InvitedBy,
    HouseholdRole Role,
    DateTimeOffset ExpiresAt
);

/// <summary>
/// What a link is to the person holding it now. <paramref name="Invite"/> is null exactly when the link is not genuine
/// (<see cref="InviteState.Invalid"/>, <see cref="InviteState.Malformed"/>): a dead link reveals nothing.
/// </summary>
public sealed record InviteLookup(InviteState State, InviteDetails? Invite)
{
    public static readonly InviteLookup Malformed = new(InviteState.Malformed, null);

    public static readonly InviteLookup Unknown = new(InviteState.Invalid, null);

    public bool IsUsable => State == InviteState.Valid;

    /// <summary>The API's answer: <paramref name="onUsable"/> for a usable link, else the state's problem.</summary>
    public IResult ToHttpResult(InviteErrors errors, Func<InviteDetails, IResult> onUsable) =>
        State == InviteState.Valid && Invite is { } invite ? onUsable(invite) : errors.For(State).ToProblem();
}

/// <summary>What joining through a link (signed in, or signing up at the same time) came to: a closed set.</summary>
public abstract record JoinOutcome
{
    private JoinOutcome() { }

    public sealed record Joined(Guid HouseholdId, string UserId, Guid InviteId) : JoinOutcome;

    /// <summary>The link did not let this person in, for the reason <paramref name="State"/> names; nothing was
    /// consumed.</summary>
    public sealed record Refused(InviteState State) : JoinOutcome;

    public sealed record NotSignedIn : JoinOutcome;

    /// <summary>Sign-up only: the account's fields need attention (field name → messages).</summary>
    public sealed record InvalidAccount(IReadOnlyDictionary<string, string[]> Fields) : JoinOutcome;

    /// <summary>Sign-up only: an account with this e-mail address exists.</summary>
    public sealed record EmailTaken : JoinOutcome;

    /// <summary>The failure as an error with its stable code (for HTTP); null for <see cref="Joined"/>.</summary>
    public Error? ToError(InviteErrors errors) =>
        this switch
        {
            Joined => null,
            Refused refused => errors.For(refused.State),
            NotSignedIn => errors.Unauthenticated,
            InvalidAccount invalid => errors.InvalidAccount(invalid.Fields),
            EmailTaken => errors.EmailTaken,
            _ => throw new ArgumentOutOfRangeException(nameof(JoinOutcome), this, null),
        };

    public IResult ToHttpResult(InviteErrors errors, Func<Joined, IResult> onJoined) =>
        this is Joined joined ? onJoined(joined) : ToError(errors)!.ToProblem();
}
