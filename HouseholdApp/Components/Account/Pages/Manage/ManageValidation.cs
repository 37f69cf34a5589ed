using System.Globalization;
using System.Resources;

namespace HouseholdApp.Components.Account.Pages.Manage;

/// <summary>
/// The manage forms' validation messages and field names, from <see cref="ManageTexts"/>' resources. DataAnnotations
/// reads a localized message from a static property (<c>ErrorMessageResourceType</c>), so these are read per call in
/// the reader's language, not through a service.
/// </summary>
public static class ManageValidation
{
    private static readonly ResourceManager Resources = new(typeof(ManageTexts));

    public static string RequiredField => Get(nameof(RequiredField));

    public static string PasswordLength => Get(nameof(PasswordLength));

    public static string PasswordsDoNotMatch => Get(nameof(PasswordsDoNotMatch));

    public static string ChooseAPassword => Get(nameof(ChooseAPassword));

    public static string PasswordLengthRange => Get(nameof(PasswordLengthRange));

    public static string PasswordsDontMatch => Get(nameof(PasswordsDontMatch));

    public static string EnterNewAddress => Get(nameof(EnterNewAddress));

    public static string EnterValidEmail => Get(nameof(EnterValidEmail));

    public static string AddressTooLong => Get(nameof(AddressTooLong));

    public static string EnterTheCode => Get(nameof(EnterTheCode));

    public static string CodeTooLong => Get(nameof(CodeTooLong));

    public static string CurrentPassword => Get(nameof(CurrentPassword));

    public static string NewPassword => Get(nameof(NewPassword));

    public static string ConfirmNewPassword => Get(nameof(ConfirmNewPassword));

    private static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
}
