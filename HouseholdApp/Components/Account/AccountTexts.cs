using HouseholdApp.Common;
using Microsoft.Extensions.Localization;

namespace HouseholdApp.Components.Account;

/// <summary>Signing up, signing in and getting back in: the account pages before Manage, and Identity's
/// messages.</summary>
public sealed class AccountTexts(IStringLocalizer<AccountTexts> localizer) : Texts(localizer)
{
    // Marks where a sentence's bold or linked part goes; a value never contains it.
    private const string Slot = "\u0001";

    /// <summary>The word an error message starts with ("Error: …"), which StatusMessage shows as an error.</summary>
    /// <summary>
    /// The frame of every error a status message shows ("Error: {0}"): pages write errors through it, and
    /// <see cref="IsFailure"/> tells them from confirmations by it, so no language is named in code.
    /// </summary>
    public string Failed(string message) => Format(nameof(Failed), message);

    /// <summary>True when <paramref name="message"/> was written through <see cref="Failed"/> in the current language.
    /// </summary>
    public bool IsFailure(string message)
    {
        var frame = Get(nameof(Failed));
        var at = frame.IndexOf("{0}", StringComparison.Ordinal);
        return at >= 0
            && message.StartsWith(frame[..at], StringComparison.Ordinal)
            && message.EndsWith(frame[(at + 3)..], StringComparison.Ordinal);
    }

    public string SignIn => Get(nameof(SignIn));

    public string Email => Get(nameof(Email));

    public string Password => Get(nameof(Password));

    public string ResendConfirmationLink => Get(nameof(ResendConfirmationLink));

    public string ForgotPasswordLink => Get(nameof(ForgotPasswordLink));

    public string KeepSignedIn => Get(nameof(KeepSignedIn));

    public string SignInWithPasskey => Get(nameof(SignInWithPasskey));

    public string NewHere => Get(nameof(NewHere));

    public string CreateAnAccount => Get(nameof(CreateAnAccount));

    public string LoginFailed => Failed(Get(nameof(LoginFailed)));

    public string LoginNotConfirmed => Failed(Get(nameof(LoginNotConfirmed)));

    public string LoginLockedByAdministrator => Failed(Get(nameof(LoginLockedByAdministrator)));

    public string PasskeyMissing => Failed(Get(nameof(PasskeyMissing)));

    public string PasskeyNotConfirmed => Failed(Get(nameof(PasskeyNotConfirmed)));

    public string PasskeyUnknown => Failed(Get(nameof(PasskeyUnknown)));

    public string InviteOnlyHeading => Get(nameof(InviteOnlyHeading));

    public string InviteOnlyHint => Get(nameof(InviteOnlyHint));

    public string YourNameOptional => Get(nameof(YourNameOptional));

    public string DisplayNameHelp => Get(nameof(DisplayNameHelp));

    public string PasswordHelp(int min) => Format(nameof(PasswordHelp), min);

    public string ConfirmPassword => Get(nameof(ConfirmPassword));

    public string CreateAccount => Get(nameof(CreateAccount));

    public string AlreadyHaveAccount => Get(nameof(AlreadyHaveAccount));

    public string CheckYourEmail => Get(nameof(CheckYourEmail));

    public string ConfirmYourAccount => Get(nameof(ConfirmYourAccount));

    public string RegisterMessageSent => Get(nameof(RegisterMessageSent));

    public string RegisterStepOpen => Get(nameof(RegisterStepOpen));

    /// <summary>Around the name of the mail's button, shown in bold.</summary>
    public (string Before, string After) RegisterStepConfirm => Around(nameof(RegisterStepConfirm));

    public string RegisterStepConfirmButton => Get(nameof(RegisterStepConfirmButton));

    public string RegisterStepSignIn => Get(nameof(RegisterStepSignIn));

    /// <summary>Around the link that has the confirmation sent again.</summary>
    public (string Before, string After) RegisterAlreadyHasAccount => Around(nameof(RegisterAlreadyHasAccount));

    public string RegisterResendLink => Get(nameof(RegisterResendLink));

    public string RegisterWithoutMail => Get(nameof(RegisterWithoutMail));

    public string GoToSignIn => Get(nameof(GoToSignIn));

    public string BackToSignIn => Get(nameof(BackToSignIn));

    public string GoToHomePage => Get(nameof(GoToHomePage));

    public string TwoFactorTitle => Get(nameof(TwoFactorTitle));

    public string TwoFactorRecoveryIntro => Get(nameof(TwoFactorRecoveryIntro));

    public string TwoFactorAppIntro => Get(nameof(TwoFactorAppIntro));

    public string RecoveryCode => Get(nameof(RecoveryCode));

    public string CodeFromApp => Get(nameof(CodeFromApp));

    public string RememberDevice => Get(nameof(RememberDevice));

    public string UseAppCodeInstead => Get(nameof(UseAppCodeInstead));

    public string NoAccessToApp => Get(nameof(NoAccessToApp));

    public string UseRecoveryCode => Get(nameof(UseRecoveryCode));

    public string RecoveryCodeWrong => Failed(Get(nameof(RecoveryCodeWrong)));

    public string AppCodeWrong => Failed(Get(nameof(AppCodeWrong)));

    public string ConfirmEmailTitle => Get(nameof(ConfirmEmailTitle));

    public string ConfirmEmailQuestion => Get(nameof(ConfirmEmailQuestion));

    public string ConfirmMyAddress => Get(nameof(ConfirmMyAddress));

    public string EmailConfirmed => Get(nameof(EmailConfirmed));

    public string ConfirmationLinkInvalid => Get(nameof(ConfirmationLinkInvalid));

    public string SendNewLink => Get(nameof(SendNewLink));

    public string ConfirmNewAddressTitle => Get(nameof(ConfirmNewAddressTitle));

    /// <summary>Around the new address, shown in bold.</summary>
    public (string Before, string After) UseAddressQuestion => Around(nameof(UseAddressQuestion));

    public string UseThisAddress => Get(nameof(UseThisAddress));

    public string EmailChanged => Get(nameof(EmailChanged));

    public string YourAccount => Get(nameof(YourAccount));

    public string BackToYourAccount => Get(nameof(BackToYourAccount));

    public string ChangeLinkInvalid => Get(nameof(ChangeLinkInvalid));

    public string AddressTakenMeanwhile => Get(nameof(AddressTakenMeanwhile));

    public string SignInProvider => Get(nameof(SignInProvider));

    public string AccountExistsTitle => Get(nameof(AccountExistsTitle));

    /// <summary>Around the address, shown in bold.</summary>
    public (string Before, string After) AccountExists(string provider) => Around(nameof(AccountExists), provider);

    public string AccountExistsHint(string provider) => Format(nameof(AccountExistsHint), provider);

    public string NoUsableEmailTitle => Get(nameof(NoUsableEmailTitle));

    public string NoUsableEmail(string provider) => Format(nameof(NoUsableEmail), provider);

    public string ExternalInviteOnlyTitle => Get(nameof(ExternalInviteOnlyTitle));

    public string ExternalInviteOnly => Get(nameof(ExternalInviteOnly));

    public string ConfirmEmailFirstTitle => Get(nameof(ConfirmEmailFirstTitle));

    public string ConfirmEmailFirst => Get(nameof(ConfirmEmailFirst));

    public string ForgotPasswordPageTitle => Get(nameof(ForgotPasswordPageTitle));

    public string ForgotPasswordTitle => Get(nameof(ForgotPasswordTitle));

    public string ResetByMailOff => Get(nameof(ResetByMailOff));

    public string ForgotPasswordIntro => Get(nameof(ForgotPasswordIntro));

    public string SendResetLink => Get(nameof(SendResetLink));

    public string ResetLinkSent => Get(nameof(ResetLinkSent));

    public string InvalidUserTitle => Get(nameof(InvalidUserTitle));

    public string InvalidUser(string? userId) => Failed(Format(nameof(InvalidUser), userId ?? ""));

    public string AccountLockedPageTitle => Get(nameof(AccountLockedPageTitle));

    public string AccountLockedTitle => Get(nameof(AccountLockedTitle));

    public string AccountLockedReason => Get(nameof(AccountLockedReason));

    public string TryAgainIn(string duration) => Format(nameof(TryAgainIn), duration);

    public string NothingLost => Get(nameof(NothingLost));

    public string AccessDenied => Get(nameof(AccessDenied));

    public string AccessDeniedReason => Get(nameof(AccessDeniedReason));

    public string ResendConfirmationPageTitle => Get(nameof(ResendConfirmationPageTitle));

    public string ConfirmationLinksMailOff => Get(nameof(ConfirmationLinksMailOff));

    public string ConfirmationLinkSent => Get(nameof(ConfirmationLinkSent));

    public string SendLink => Get(nameof(SendLink));

    public string ResetPassword => Get(nameof(ResetPassword));

    public string ChooseNewPassword => Get(nameof(ChooseNewPassword));

    public string ResetLinkIncomplete => Get(nameof(ResetLinkIncomplete));

    public string AskForNewLink => Get(nameof(AskForNewLink));

    public string NewPassword => Get(nameof(NewPassword));

    public string ConfirmNewPassword => Get(nameof(ConfirmNewPassword));

    public string ResetLinkInvalid => Get(nameof(ResetLinkInvalid));

    public string PasswordResetTitle => Get(nameof(PasswordResetTitle));

    public string PasswordResetDone => Get(nameof(PasswordResetDone));

    /// <summary>After the feature that is off, shown in bold.</summary>
    public (string Before, string After) MailOff => Around(nameof(MailOff));

    public string PasskeyNeedsJavaScript => Get(nameof(PasskeyNeedsJavaScript));

    public string PasskeyInsecure => Get(nameof(PasskeyInsecure));

    public string PasskeyIpAddress => Get(nameof(PasskeyIpAddress));

    public string PasskeyUnsupported => Get(nameof(PasskeyUnsupported));

    public string PasskeyCancelled => Get(nameof(PasskeyCancelled));

    public string PasskeyFailed => Get(nameof(PasskeyFailed));

    public string ContinueWith(string provider) => Format(nameof(ContinueWith), provider);

    public string ExternalUnavailable => Failed(Get(nameof(ExternalUnavailable)));

    public string ExternalDenied => Failed(Get(nameof(ExternalDenied)));

    public string ExternalFailed => Failed(Get(nameof(ExternalFailed)));

    public string RegistrationClosed => Get(nameof(RegistrationClosed));

    /// <summary>Messages Identity's API writes itself, by their code; the English is Identity's.</summary>
    public string TwoFactorKeyResetAndEnable => Get(nameof(TwoFactorKeyResetAndEnable));

    public string TwoFactorCodeMissing => Get(nameof(TwoFactorCodeMissing));

    public string TwoFactorCodeInvalid => Get(nameof(TwoFactorCodeInvalid));

    public string OldPasswordRequired => Get(nameof(OldPasswordRequired));

    /// <summary>Identity's own messages (AccountErrorDescriber); the English is Identity's.</summary>
    public string IdentityDefaultError => Get(nameof(IdentityDefaultError));

    public string IdentityConcurrencyFailure => Get(nameof(IdentityConcurrencyFailure));

    public string IdentityPasswordMismatch => Get(nameof(IdentityPasswordMismatch));

    public string IdentityInvalidToken => Get(nameof(IdentityInvalidToken));

    public string IdentityRecoveryCodeRedemptionFailed => Get(nameof(IdentityRecoveryCodeRedemptionFailed));

    public string IdentityLoginAlreadyAssociated => Get(nameof(IdentityLoginAlreadyAssociated));

    public string IdentityInvalidUserName(string? userName) => Format(nameof(IdentityInvalidUserName), userName ?? "");

    public string IdentityInvalidEmail(string? email) => Format(nameof(IdentityInvalidEmail), email ?? "");

    public string IdentityDuplicateUserName(string userName) => Format(nameof(IdentityDuplicateUserName), userName);

    public string IdentityDuplicateEmail(string email) => Format(nameof(IdentityDuplicateEmail), email);

    public string IdentityInvalidRoleName(string? role) => Format(nameof(IdentityInvalidRoleName), role ?? "");

    public string IdentityDuplicateRoleName(string role) => Format(nameof(IdentityDuplicateRoleName), role);

    public string IdentityUserAlreadyHasPassword => Get(nameof(IdentityUserAlreadyHasPassword));

    public string IdentityUserLockoutNotEnabled => Get(nameof(IdentityUserLockoutNotEnabled));

    public string IdentityUserAlreadyInRole(string role) => Format(nameof(IdentityUserAlreadyInRole), role);

    public string IdentityUserNotInRole(string role) => Format(nameof(IdentityUserNotInRole), role);

    public string IdentityPasswordTooShort(int length) => Format(nameof(IdentityPasswordTooShort), length);

    public string IdentityPasswordRequiresUniqueChars(int uniqueChars) =>
        Format(nameof(IdentityPasswordRequiresUniqueChars), uniqueChars);

    public string IdentityPasswordRequiresNonAlphanumeric => Get(nameof(IdentityPasswordRequiresNonAlphanumeric));

    public string IdentityPasswordRequiresDigit => Get(nameof(IdentityPasswordRequiresDigit));

    public string IdentityPasswordRequiresLower => Get(nameof(IdentityPasswordRequiresLower));

    public string IdentityPasswordRequiresUpper => Get(nameof(IdentityPasswordRequiresUpper));

    public string IdentityPasswordTooLong(int max) => Format(nameof(IdentityPasswordTooLong), max);

    /// <summary>What a page says about a failed trip to a sign-in provider.</summary>
    public string ExternalFailure(Features.ExternalLogins.ExternalLoginFailure failure) =>
        failure switch
        {
            Features.ExternalLogins.ExternalLoginFailure.Unavailable => ExternalUnavailable,
            Features.ExternalLogins.ExternalLoginFailure.Denied => ExternalDenied,
            Features.ExternalLogins.ExternalLoginFailure.Failed => ExternalFailed,
            _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
        };

    /// <summary>
    /// A sentence with a part in markup (bold, a link) at <c>{0}</c>: the text before and after it, so the markup stays
    /// in the page and the word order in the resource.
    /// </summary>
    private (string Before, string After) Around(string key, params object[] more)
    {
        var text = Format(key, [Slot, .. more]);
        var at = text.IndexOf(Slot, StringComparison.Ordinal);
        return at < 0 ? (text, "") : (text[..at], text[(at + Slot.Length)..]);
    }
}
