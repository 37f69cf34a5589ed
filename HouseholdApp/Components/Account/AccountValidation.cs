using System.Globalization;
using System.Resources;

namespace HouseholdApp.Components.Account;

/// <summary>
/// The account forms' validation messages, for data annotations (<c>ErrorMessageResourceType</c>), which read a static
/// property and cannot be given <see cref="AccountTexts"/>. Each property reads <see cref="AccountTexts"/>' resources
/// in the current UI culture at each call; the keys are AccountTexts' members.
/// </summary>
public static class AccountValidation
{
    private static readonly ResourceManager Resources = new(typeof(AccountTexts).FullName!, typeof(AccountTexts).Assembly);

    public static string EnterYourEmail => Get(nameof(AccountTexts.EnterYourEmail));

    public static string EnterValidEmail => Get(nameof(AccountTexts.EnterValidEmail));

    /// <summary>A StringLength message: <c>{1}</c> is the maximum.</summary>
    public static string EmailTooLong => Get(nameof(AccountTexts.EmailTooLong)).Replace("{0}", "{1}", StringComparison.Ordinal);

    public static string EnterYourPassword => Get(nameof(AccountTexts.EnterYourPassword));

    public static string ChooseAPassword => Get(nameof(AccountTexts.ChooseAPassword));

    public static string PasswordLength => Get(nameof(AccountTexts.PasswordLength));

    public static string PasswordsDiffer => Get(nameof(AccountTexts.PasswordsDiffer));

    public static string EnterTheCode => Get(nameof(AccountTexts.EnterTheCode));

    public static string CodeTooLong => Get(nameof(AccountTexts.CodeTooLong));

    private static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
}
