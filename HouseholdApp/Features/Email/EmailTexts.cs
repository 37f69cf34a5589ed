using HouseholdApp.Common;
using Microsoft.Extensions.Localization;

namespace HouseholdApp.Features.Email;

/// <summary>Every mail the app sends (<see cref="EmailTemplates"/> renders them in the recipient's language).</summary>
public sealed class EmailTexts(IStringLocalizer<EmailTexts> localizer) : Texts(localizer)
{
    public string ResetPasswordSubject => Get(nameof(ResetPasswordSubject));

    public string ResetAsked => Get(nameof(ResetAsked));

    public string ResetChoose => Get(nameof(ResetChoose));

    public string ResetPasswordAction => Get(nameof(ResetPasswordAction));

    public string ResetIgnore => Get(nameof(ResetIgnore));

    public string ResetCodeSubject => Get(nameof(ResetCodeSubject));

    public string ResetCode(string code) => Format(nameof(ResetCode), code);

    public string ConfirmSubject => Get(nameof(ConfirmSubject));

    public string ConfirmAsk => Get(nameof(ConfirmAsk));

    public string ConfirmAction => Get(nameof(ConfirmAction));

    public string ConfirmIgnore => Get(nameof(ConfirmIgnore));

    public string ChangeSubject => Get(nameof(ChangeSubject));

    public string ChangeAsk => Get(nameof(ChangeAsk));

    public string ChangeAction => Get(nameof(ChangeAction));

    public string ChangeIgnore => Get(nameof(ChangeIgnore));

    public string RegisteredSubject => Get(nameof(RegisteredSubject));

    public string RegisteredTried => Get(nameof(RegisteredTried));

    public string RegisteredSignIn(string resetLink) => Format(nameof(RegisteredSignIn), resetLink);

    public string RegisteredAction => Get(nameof(RegisteredAction));

    public string RegisteredIgnore => Get(nameof(RegisteredIgnore));

    public string InviteSubject(string invitedBy, string household) =>
        Format(nameof(InviteSubject), invitedBy, household);

    public string InviteJoin(string invitedBy, string household) => Format(nameof(InviteJoin), invitedBy, household);

    public string InviteBound(string email) => Format(nameof(InviteBound), email);

    public string InviteOpen => Get(nameof(InviteOpen));

    public string InviteUntil(string moment) => Format(nameof(InviteUntil), moment);

    public string InviteAction => Get(nameof(InviteAction));

    public string InviteIgnore => Get(nameof(InviteIgnore));

    /// <summary>Below the button, for mail readers that do not follow it.</summary>
    public string CopyAddress(string link) => Format(nameof(CopyAddress), link);
}
