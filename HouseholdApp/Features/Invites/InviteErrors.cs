using HouseholdApp.Common;

namespace HouseholdApp.Features.Invites;

/// <summary>
/// The expected failures of invites, with the stable codes of SPEC section 4, in the reader's language: each member
/// builds its error when asked, so the words follow the request's culture (the link states' codes:
/// <see cref="InviteStates.Describe"/>).
/// </summary>
public sealed class InviteErrors(InviteTexts texts, SharedTexts shared)
{
    /// <summary>The API's answer for a link in <paramref name="state"/>, which is not <see
    /// cref="InviteState.Valid"/>.</summary>
    public Error For(InviteState state) =>
        state.Describe().Problem is { } problem
            ? new Error(problem.Kind, problem.Code, texts.Problem(state))
            : throw new ArgumentException("A usable invite is not an error.", nameof(state));

    public Error Invalid => For(InviteState.Invalid);

    public Error BindNeedsEmail => Error.Validation("email_required", texts.BindNeedsEmail, "email");

    public Error InvalidEmail => Error.Validation("invalid_email", texts.InvalidEmail, "email");

    public Error MailOff => Error.Validation("email_disabled", texts.MailOff, "email");

    public Error EmailTaken => Error.Conflict("email_taken", texts.EmailTaken);

    public Error InviteNotFound => Error.NotFound("invite_not_found", texts.InviteNotFound);

    public Error Unauthenticated => shared.Unauthenticated;

    public Error InvalidExpiry => Error.Validation("invalid_expiry", texts.InvalidExpiry, "expiresIn");

    public Error InvalidMaxUses(int limit) =>
        Error.Validation("invalid_max_uses", texts.InvalidMaxUses(limit), "maxUses");

    public Error InvalidRole => Error.Validation("invalid_role", texts.InvalidRole, "role");

    public Error RoleNotAllowed => Error.Forbidden("role_not_allowed", texts.RoleNotAllowed);

    public Error TooManyInvites(int limit) => Error.Conflict("too_many_invites", texts.TooManyInvites(limit));

    /// <summary>A sign-up whose fields need attention (field name → messages).</summary>
    public Error InvalidAccount(IReadOnlyDictionary<string, string[]> fields) =>
        new(ErrorKind.Validation, "validation_failed", texts.FieldsNeedAttention) { Fields = fields };
}
