using HouseholdApp.Common;

namespace HouseholdApp.Data;

/// <summary>
/// Display names: 1–50 characters after trimming, no control characters. One left empty at sign-up becomes the
/// part of the e-mail address before '@' — set by the database as the account is inserted (the trigger of the
/// HouseholdLife migration), so every way of creating an account gets one.
/// </summary>
public static class DisplayNames
{
    public const int MaxLength = 50;

    /// <summary>The trimmed name, or null when none was chosen (blank or absent); an error message when it breaks the rule.</summary>
    public static (string? Name, string? Error) Validate(string? value) => ShortName.Check(value, MaxLength, "display name");
}
