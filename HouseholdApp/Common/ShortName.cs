namespace HouseholdApp.Common;

/// <summary>The rule for short names people type (display names, passkey names): trimmed, a maximum length, no control characters.</summary>
public static class ShortName
{
    /// <summary>The trimmed name, or null when blank; an error message (naming <paramref name="what"/>) when it breaks the rule.</summary>
    public static (string? Name, string? Error) Check(string? value, int maxLength, string what)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return (null, null);
        }

        if (trimmed.Length > maxLength)
        {
            return (null, $"A {what} can be at most {maxLength} characters long.");
        }

        return trimmed.Any(char.IsControl) ? (null, $"A {what} cannot contain control characters.") : (trimmed, null);
    }
}
