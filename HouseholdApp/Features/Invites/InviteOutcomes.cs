using HouseholdApp.Common;
using HouseholdApp.Features.Memberships;

namespace HouseholdApp.Features.Invites;

/// <summary>What the holder of a link is shown: the household only while the link is theirs to use (or already used by them).</summary>
public sealed record InviteDetails(Guid InviteId, Guid HouseholdId, string HouseholdName, string InvitedBy, HouseholdRole Role, DateTimeOffset ExpiresAt);

/// <summary>What a link is to the person holding it now (SPEC section 4): a closed set, switched exhaustively.</summary>
public abstract record InviteLookup
{
    private InviteLookup()
    {
    }

    public abstract InviteState State { get; }

    /// <summary>Not 43 Base64Url characters: decided without a database query.</summary>
    public sealed record Malformed : InviteLookup
    {
        public override InviteState State => InviteState.Invalid;
    }

    /// <summary>No such link (or its household was deleted): a dead link reveals nothing about any household.</summary>
    public sealed record Unknown : InviteLookup
    {
        public override InviteState State => InviteState.Invalid;
    }

    public sealed record Usable(InviteDetails Invite) : InviteLookup
    {
        public override InviteState State => InviteState.Valid;
    }

    public sealed record AlreadyMember(InviteDetails Invite) : InviteLookup
    {
        public override InviteState State => InviteState.AlreadyMember;
    }

    /// <summary>Expired, used up or revoked; only the invite's id, for logs.</summary>
    /// <summary>Usable, but only by the account with the confirmed address it is bound to, and this is not it (or nobody is signed in).</summary>
    public sealed record WrongAccount(Guid InviteId) : InviteLookup
    {
        public override InviteState State => InviteState.WrongAccount;
    }

    public sealed record Unusable(Guid InviteId, InviteStatus Status) : InviteLookup
    {
        public override InviteState State => Status.ToState();
    }
}

/// <summary>Why a link could not be used by this person.</summary>
public enum InviteRefusal
{
    Malformed,
    Invalid,
    Expired,
    Used,
    Revoked,
    AlreadyMember,
    WrongAccount,
}

/// <summary>What joining through a link (signed in, or signing up at the same time) came to: a closed set.</summary>
public abstract record JoinOutcome
{
    private JoinOutcome()
    {
    }

    public sealed record Joined(Guid HouseholdId, string UserId, Guid InviteId) : JoinOutcome;

    /// <summary>The link did not let this person in; nothing was consumed.</summary>
    public sealed record Refused(InviteRefusal Reason) : JoinOutcome;

    public sealed record NotSignedIn : JoinOutcome;

    /// <summary>Sign-up only: the account's fields need attention (field name → messages).</summary>
    public sealed record InvalidAccount(IReadOnlyDictionary<string, string[]> Fields) : JoinOutcome;

    /// <summary>Sign-up only: an account with this e-mail address exists.</summary>
    public sealed record EmailTaken : JoinOutcome;
}

public static class InviteOutcomes
{
    public static InviteRefusal ToRefusal(this InviteState state) => state switch
    {
        InviteState.Expired => InviteRefusal.Expired,
        InviteState.Used => InviteRefusal.Used,
        InviteState.Revoked => InviteRefusal.Revoked,
        InviteState.AlreadyMember => InviteRefusal.AlreadyMember,
        InviteState.Invalid => InviteRefusal.Invalid,
        InviteState.WrongAccount => InviteRefusal.WrongAccount,
        InviteState.Valid => throw new ArgumentException("A usable invite is not a refusal.", nameof(state)),
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>The state a landing page shows after a refused join.</summary>
    public static InviteState ToState(this InviteRefusal refusal) => refusal switch
    {
        InviteRefusal.Malformed or InviteRefusal.Invalid => InviteState.Invalid,
        InviteRefusal.Expired => InviteState.Expired,
        InviteRefusal.Used => InviteState.Used,
        InviteRefusal.Revoked => InviteState.Revoked,
        InviteRefusal.AlreadyMember => InviteState.AlreadyMember,
        InviteRefusal.WrongAccount => InviteState.WrongAccount,
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
    };

    /// <summary>The failure as an error with its stable code (for HTTP); null for <see cref="JoinOutcome.Joined"/>.</summary>
    public static Error? ToError(this JoinOutcome outcome) => outcome switch
    {
        JoinOutcome.Joined => null,
        JoinOutcome.Refused refused => InviteErrors.For(refused.Reason),
        JoinOutcome.NotSignedIn => InviteErrors.Unauthenticated,
        JoinOutcome.InvalidAccount invalid => new Error(ErrorKind.Validation, "validation_failed", "Some fields need attention.") { Fields = invalid.Fields },
        JoinOutcome.EmailTaken => InviteErrors.EmailTaken,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static IResult ToHttpResult(this JoinOutcome outcome, Func<JoinOutcome.Joined, IResult> onJoined) =>
        outcome is JoinOutcome.Joined joined ? onJoined(joined) : outcome.ToError()!.ToProblem();

    public static IResult ToHttpResult(this InviteLookup lookup, Func<InviteDetails, IResult> onUsable) => lookup switch
    {
        InviteLookup.Usable usable => onUsable(usable.Invite),
        InviteLookup.Malformed => InviteErrors.Malformed.ToProblem(),
        _ => InviteErrors.ForState(lookup.State).ToProblem(),
    };
}
