using System.Text;

namespace HouseholdApp.Features.Accounts;

/// <summary>
/// The one reading of an e-mail address, for every entry point (sign-up pages, sign-in, the JSON API, invite
/// sign-up): surrounding white space dropped and Unicode in composed form, so " a@b.org" is a@b.org everywhere.
/// </summary>
public static class EmailAddresses
{
    public static string? Normalize(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? trimmed : trimmed.Normalize(NormalizationForm.FormC);
    }

    /// <summary>A normalized address that can be an account's: at most 256 characters, one line, user@domain.</summary>
    public static bool IsValid([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? normalized) =>
        !string.IsNullOrEmpty(normalized) && normalized.Length <= HouseholdApp.Common.NameRules.EmailMaxLength
        && !normalized.Any(char.IsControl) && new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(normalized);
}
