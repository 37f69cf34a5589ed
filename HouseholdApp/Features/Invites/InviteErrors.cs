using HouseholdApp.Common;

namespace HouseholdApp.Features.Invites;

/// <summary>The expected failures of invites, with the stable codes of SPEC section 4.</summary>
public static class InviteErrors
{
    public static readonly Error Malformed = new(ErrorKind.Malformed, "invite_malformed",
        "This invite link is not valid. Check that you copied the whole link, or ask for a new one.");

    public static readonly Error Invalid = new(ErrorKind.NotFound, "invite_invalid",
        "This invite link is not valid. Ask someone in the household to send you a new link.");

    public static readonly Error Expired = new(ErrorKind.Gone, "invite_expired",
        "This invite link has expired. Ask someone in the household to send you a new link.");

    public static readonly Error Used = new(ErrorKind.Gone, "invite_used",
        "This invite link has already been used. Ask someone in the household to send you a new link.");

    public static readonly Error Revoked = new(ErrorKind.Gone, "invite_revoked",
        "This invite link was revoked by the household. Ask someone in the household to send you a new link.");

    public static readonly Error AlreadyMember = new(ErrorKind.Conflict, "already_member",
        "You are already a member of this household.");

    public static readonly Error WrongAccount = Error.Forbidden("invite_wrong_account",
        "This invite link is for another e-mail address. Sign in with the account whose confirmed address received it; nothing was used up.");

    public static readonly Error BindNeedsEmail = Error.Validation("email_required",
        "Enter the address the link is for, or do not bind it to one.", "email");

    public static readonly Error InvalidEmail = Error.Validation("invalid_email",
        "Enter a valid e-mail address of at most 256 characters.", "email");

    public static readonly Error MailOff = Error.Validation("email_disabled",
        "This server does not send e-mail, so the link cannot be mailed. Share it yourself.", "email");

    public static readonly Error EmailTaken = Error.Conflict("email_taken",
        "An account with this email address already exists. Sign in instead, then join with this link.");

    public static readonly Error NotOwner = Error.Forbidden("forbidden",
        "Only the household's owners can manage its invites.");

    public static readonly Error InviteNotFound = Error.NotFound("invite_not_found",
        "There is no such invite in this household.");

    public static readonly Error Unauthenticated = Error.Unauthenticated;

    public static Error TooManyInvites(int limit) => Error.Conflict("too_many_invites",
        $"This household already has {limit} active invites. Revoke one you no longer need, then try again.");

    public static Error For(InviteRefusal refusal) => refusal switch
    {
        InviteRefusal.Malformed => Malformed,
        InviteRefusal.Invalid => Invalid,
        InviteRefusal.Expired => Expired,
        InviteRefusal.Used => Used,
        InviteRefusal.Revoked => Revoked,
        InviteRefusal.AlreadyMember => AlreadyMember,
        InviteRefusal.WrongAccount => WrongAccount,
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
    };

    public static Error ForState(InviteState state) => state switch
    {
        InviteState.Expired => Expired,
        InviteState.Used => Used,
        InviteState.Revoked => Revoked,
        InviteState.AlreadyMember => AlreadyMember,
        InviteState.Invalid => Invalid,
        InviteState.WrongAccount => WrongAccount,
        InviteState.Valid => throw new ArgumentException("A valid invite is not an error.", nameof(state)),
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
