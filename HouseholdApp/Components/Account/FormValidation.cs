using System.Globalization;
using System.Resources;

namespace HouseholdApp.Components.Account;

/// <summary>
/// The account and manage forms' validation messages, each once, for data annotations
/// (<c>ErrorMessageResourceType</c>). A static class because attributes cannot take services: each property reads this
/// class's resources in the current UI culture at each call.
/// </summary>
public static class FormValidation
{
    private static readonly ResourceManager Resources = new(typeof(FormValidation));

    public static string EnterYourEmail => Get(nameof(EnterYourEmail));

    public static string EnterNewAddress => Get(nameof(EnterNewAddress));

    public static string EnterValidEmail => Get(nameof(EnterValidEmail));

    /// <summary>A StringLength message: <c>{1}</c> is the maximum.</summary>
    public static string EmailTooLong => Get(nameof(EmailTooLong));

    public static string EnterYourPassword => Get(nameof(EnterYourPassword));

    public static string EnterCurrentPassword => Get(nameof(EnterCurrentPassword));

    public static string ChooseAPassword => Get(nameof(ChooseAPassword));

    /// <summary>A StringLength message: <c>{1}</c> is the maximum, <c>{2}</c> the minimum.</summary>
    public static string PasswordLength => Get(nameof(PasswordLength));

    public static string PasswordsDiffer => Get(nameof(PasswordsDiffer));

    public static string EnterTheCode => Get(nameof(EnterTheCode));

    public static string CodeTooLong => Get(nameof(CodeTooLong));

    private static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
}
