using HouseholdApp.Common;

namespace HouseholdApp.Features.Invites;

/// <summary>The expected failures of invites, with the stable codes of SPEC section 4 (their words: <see cref="InviteTexts"/>).</summary>
public static class InviteErrors
{
    public static readonly Error Malformed = new(ErrorKind.Malformed, "invite_malformed", InviteTexts.Malformed);

    public static readonly Error Invalid = new(ErrorKind.NotFound, "invite_invalid", InviteTexts.Invalid);

    public static readonly Error Expired = new(ErrorKind.Gone, "invite_expired", InviteTexts.Expired);

    public static readonly Error Used = new(ErrorKind.Gone, "invite_used", InviteTexts.Used);

    public static readonly Error Revoked = new(ErrorKind.Gone, "invite_revoked", InviteTexts.Revoked);

    public static readonly Error AlreadyMember = new(ErrorKind.Conflict, "already_member", InviteTexts.AlreadyMember);

    public static readonly Error WrongAccount = Error.Forbidden("invite_wrong_account", InviteTexts.WrongAccount);

    public static readonly Error BindNeedsEmail = Error.Validation("email_required", InviteTexts.BindNeedsEmail, "email");

    public static readonly Error InvalidEmail = Error.Validation("invalid_email", InviteTexts.InvalidEmail, "email");

    public static readonly Error MailOff = Error.Validation("email_disabled", InviteTexts.MailOff, "email");

    public static readonly Error EmailTaken = Error.Conflict("email_taken", InviteTexts.EmailTaken);

    public static readonly Error NotOwner = Error.OwnersOnly;

    public static readonly Error InviteNotFound = Error.NotFound("invite_not_found", InviteTexts.InviteNotFound);

    public static readonly Error Unauthenticated = Error.Unauthenticated;

    public static Error TooManyInvites(int limit) => Error.Conflict("too_many_invites", InviteTexts.TooManyInvites(limit));
}
