using HouseholdApp.Common;
using Microsoft.Extensions.Localization;

namespace HouseholdApp.Components.Account.Pages.Manage;

/// <summary>A person's own account: profile, e-mail, password, passkeys, two-factor, providers, sessions, their
/// data.</summary>
public sealed class ManageTexts(IStringLocalizer<ManageTexts> localizer, AccountTexts account) : Texts(localizer)
{
    public string YourAccount => Get(nameof(YourAccount));

    public string Title(string page) => Format(nameof(Title), page);

    /// <summary>An error for a status message, in the one frame status messages recognize.</summary>
    public string Failed(string message) => account.Failed(message);

    public string Profile => Get(nameof(Profile));

    public string NavEmail => Get(nameof(NavEmail));

    public string NavPassword => Get(nameof(NavPassword));

    public string Passkeys => Get(nameof(Passkeys));

    public string SignInProviders => Get(nameof(SignInProviders));

    public string NavTwoFactor => Get(nameof(NavTwoFactor));

    public string Sessions => Get(nameof(Sessions));

    public string YourData => Get(nameof(YourData));

    public string DeleteAccount => Get(nameof(DeleteAccount));

    public string Administration => Get(nameof(Administration));

    public string Save => Get(nameof(Save));

    public string Cancel => Get(nameof(Cancel));

    public string EmailSignInName => Get(nameof(EmailSignInName));

    public string DisplayName => Get(nameof(DisplayName));

    public string DisplayNameHelp(int max) => Format(nameof(DisplayNameHelp), max);

    public string DisplayNameRule(int max) => Format(nameof(DisplayNameRule), max);

    public string PhoneOptional => Get(nameof(PhoneOptional));

    public string PhoneHelp => Get(nameof(PhoneHelp));

    public string PhoneInvalid => Get(nameof(PhoneInvalid));

    public string PhoneNotSaved => Get(nameof(PhoneNotSaved));

    public string TimeZone => Get(nameof(TimeZone));

    public string DeviceZone => Get(nameof(DeviceZone));

    public string DeviceZoneNamed(string zone) => Format(nameof(DeviceZoneNamed), zone);

    public string ZoneChoice(string zone, string offset) => Format(nameof(ZoneChoice), zone, offset);

    public string UnknownZone => Get(nameof(UnknownZone));

    public string MailsInUtc => Get(nameof(MailsInUtc));

    public string MailsInZone(string zone) => Format(nameof(MailsInZone), zone);

    public string ProfileUpdated => Get(nameof(ProfileUpdated));

    public string EmailAddress => Get(nameof(EmailAddress));

    public string CurrentAddress => Get(nameof(CurrentAddress));

    public string EmailConfirmed => Get(nameof(EmailConfirmed));

    public string EmailNotConfirmed => Get(nameof(EmailNotConfirmed));

    public string AddressCannotChange => Get(nameof(AddressCannotChange));

    public string SendConfirmationAgain => Get(nameof(SendConfirmationAgain));

    public string NewAddress => Get(nameof(NewAddress));

    public string NewAddressHelp => Get(nameof(NewAddressHelp));

    public string ChangeAddress => Get(nameof(ChangeAddress));

    public string AlreadyYourAddress => Get(nameof(AlreadyYourAddress));

    public string ChangeLinkSent(string email) => Format(nameof(ChangeLinkSent), email);

    public string ConfirmationSent(string email) => Format(nameof(ConfirmationSent), email);

    public string ChangePassword => Get(nameof(ChangePassword));

    public string CurrentPassword => Get(nameof(CurrentPassword));

    public string NewPassword => Get(nameof(NewPassword));

    public string ConfirmNewPassword => Get(nameof(ConfirmNewPassword));

    public string PasswordHelp(int min) => Format(nameof(PasswordHelp), min);

    public string UpdatePassword => Get(nameof(UpdatePassword));

    public string PasswordChanged => Get(nameof(PasswordChanged));

    public string SetPassword => Get(nameof(SetPassword));

    public string SetPasswordIntro => Get(nameof(SetPasswordIntro));

    public string SetPasswordButton => Get(nameof(SetPasswordButton));

    public string PasswordSet => Get(nameof(PasswordSet));

    public string PasskeysIntro => Get(nameof(PasskeysIntro));

    public string RemovePasskeyQuestion => Get(nameof(RemovePasskeyQuestion));

    public string RemovePasskeyLead => Get(nameof(RemovePasskeyLead));

    public string RemovePasskeyTail => Get(nameof(RemovePasskeyTail));

    public string RemovePasskey => Get(nameof(RemovePasskey));

    public string NoPasskeys => Get(nameof(NoPasskeys));

    public string Name => Get(nameof(Name));

    public string Added => Get(nameof(Added));

    public string Actions => Get(nameof(Actions));

    public string Rename => Get(nameof(Rename));

    public string RenameLabel(string name) => Format(nameof(RenameLabel), name);

    public string Remove => Get(nameof(Remove));

    public string RemoveLabel(string name) => Format(nameof(RemoveLabel), name);

    public string AddPasskey => Get(nameof(AddPasskey));

    public string NameOptional => Get(nameof(NameOptional));

    public string PasskeyNameHelp => Get(nameof(PasskeyNameHelp));

    public string NoPasskeyArrived => Get(nameof(NoPasskeyArrived));

    public string PasskeyNotAdded(string reason) => Format(nameof(PasskeyNotAdded), reason);

    public string PasskeyOtherAccount => Get(nameof(PasskeyOtherAccount));

    public string PasskeyAdded(string name) => Format(nameof(PasskeyAdded), name);

    public string PasskeyAlreadyRemoved => Get(nameof(PasskeyAlreadyRemoved));

    public string OnlyPasskey => Get(nameof(OnlyPasskey));

    public string PasskeyRemoved(string name) => Format(nameof(PasskeyRemoved), name);

    public string PasskeyNotRemoved => Get(nameof(PasskeyNotRemoved));

    public string RenamePasskey => Get(nameof(RenamePasskey));

    public string PasskeyGone => Get(nameof(PasskeyGone));

    public string EnterAName => Get(nameof(EnterAName));

    public string PasskeyRenamed(string name) => Format(nameof(PasskeyRenamed), name);

    public string PasskeyNotRenamed => Get(nameof(PasskeyNotRenamed));

    public string TwoFactor => Get(nameof(TwoFactor));

    public string TwoFactorIntro => Get(nameof(TwoFactorIntro));

    public string YourRecoveryCodes => Get(nameof(YourRecoveryCodes));

    public string RecoveryCodesIntro => Get(nameof(RecoveryCodesIntro));

    public string TwoFactorOn => Get(nameof(TwoFactorOn));

    public string TwoFactorOff => Get(nameof(TwoFactorOff));

    public string RecoveryCodesLeft(int count) => Plural(nameof(RecoveryCodesLeft), count);

    public string NewRecoveryCodes => Get(nameof(NewRecoveryCodes));

    public string ForgetBrowser => Get(nameof(ForgetBrowser));

    public string TurnOffHeading => Get(nameof(TurnOffHeading));

    public string CodeOrRecoveryCode => Get(nameof(CodeOrRecoveryCode));

    public string TurnOff => Get(nameof(TurnOff));

    public string SetUpApp => Get(nameof(SetUpApp));

    public string ScanQrCode => Get(nameof(ScanQrCode));

    public string QrCodeAlt => Get(nameof(QrCodeAlt));

    public string CantScan => Get(nameof(CantScan));

    public string EnterSixDigits => Get(nameof(EnterSixDigits));

    public string CodeFromApp => Get(nameof(CodeFromApp));

    public string TurnOn => Get(nameof(TurnOn));

    public string UseNewKey => Get(nameof(UseNewKey));

    public string EnableCodeWrong => Get(nameof(EnableCodeWrong));

    public string DisableCodeWrong => Get(nameof(DisableCodeWrong));

    public string TooManyCodes => Get(nameof(TooManyCodes));

    public string SignedOutElsewhere => Get(nameof(SignedOutElsewhere));

    public string BrowserForgotten => Get(nameof(BrowserForgotten));

    public string ProvidersIntro => Get(nameof(ProvidersIntro));

    public string NoProviders => Get(nameof(NoProviders));

    public string Provider => Get(nameof(Provider));

    public string Unlink => Get(nameof(Unlink));

    public string UnlinkLabel(string provider) => Format(nameof(UnlinkLabel), provider);

    public string LinkAProvider => Get(nameof(LinkAProvider));

    public string LinkProvider(string provider) => Format(nameof(LinkProvider), provider);

    public string ProviderLinked(string provider) => Format(nameof(ProviderLinked), provider);

    public string ProviderLinkedElsewhere(string provider) => Format(nameof(ProviderLinkedElsewhere), provider);

    public string ProviderAlreadyUnlinked => Get(nameof(ProviderAlreadyUnlinked));

    public string ProviderOnlyWay(string provider) => Format(nameof(ProviderOnlyWay), provider);

    public string ProviderNotUnlinked => Get(nameof(ProviderNotUnlinked));

    public string ProviderUnlinked(string provider) => Format(nameof(ProviderUnlinked), provider);

    public string SessionsIntro => Get(nameof(SessionsIntro));

    public string ThisDevice => Get(nameof(ThisDevice));

    public string SessionBrowser => Get(nameof(SessionBrowser));

    public string SessionApi => Get(nameof(SessionApi));

    public string SignedInAt(string when) => Format(nameof(SignedInAt), when);

    public string LastSeen(string when) => Format(nameof(LastSeen), when);

    public string SignOut => Get(nameof(SignOut));

    public string SignOutThisDevice => Get(nameof(SignOutThisDevice));

    public string SignOutSession(string device, string lastSeen) => Format(nameof(SignOutSession), device, lastSeen);

    public string SignOutEverywhereElse => Get(nameof(SignOutEverywhereElse));

    public string SignedOutThisDevice => Get(nameof(SignedOutThisDevice));

    public string SignedOutDevice(string device) => Format(nameof(SignedOutDevice), device);

    public string SignedOutOthers(long count) => Plural(nameof(SignedOutOthers), count);

    public string SessionMalformed => Get(nameof(SessionMalformed));

    public string SessionNotFound => Get(nameof(SessionNotFound));

    public string DeviceOn(string browser, string system) => Format(nameof(DeviceOn), browser, system);

    public string UnknownDevice => Get(nameof(UnknownDevice));

    public string ApiClient => Get(nameof(ApiClient));

    public string SoleOwnerIntro(int count) => Plural(nameof(SoleOwnerIntro), count);

    public string MakeSomeoneOwner => Get(nameof(MakeSomeoneOwner));

    public string DeleteCannotBeUndone => Get(nameof(DeleteCannotBeUndone));

    public string RemovesSignIn => Get(nameof(RemovesSignIn));

    public string RemovesAlone(int count) => Plural(nameof(RemovesAlone), count);

    /// <summary><paramref name="formerMember"/> is how activity names a person whose account is gone.</summary>
    public string RemovesShared(int count, string formerMember) => Plural(nameof(RemovesShared), count, formerMember);

    public string RemovesMail => Get(nameof(RemovesMail));

    public string WantACopy => Get(nameof(WantACopy));

    public string DownloadYourData => Get(nameof(DownloadYourData));

    public string YourPassword => Get(nameof(YourPassword));

    public string ToMakeSureItIsYou => Get(nameof(ToMakeSureItIsYou));

    public string NoPasswordRecentSignIn(int minutes) => Format(nameof(NoPasswordRecentSignIn), minutes);

    public string DeleteMyAccount => Get(nameof(DeleteMyAccount));

    public string AccountDeleted => Get(nameof(AccountDeleted));

    public string WrongPassword => Get(nameof(WrongPassword));

    public string DeleteLockedOut => Get(nameof(DeleteLockedOut));

    public string SignInTooOld(int minutes) => Format(nameof(SignInTooOld), minutes);

    public string DeleteSoleOwner => Get(nameof(DeleteSoleOwner));

    public string DataIntro => Get(nameof(DataIntro));

    public string DataProfile => Get(nameof(DataProfile));

    public string DataSignIn => Get(nameof(DataSignIn));

    public string DataHouseholds => Get(nameof(DataHouseholds));

    public string DataActivity => Get(nameof(DataActivity));

    public string DataNoSecrets => Get(nameof(DataNoSecrets));
}
