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
}
