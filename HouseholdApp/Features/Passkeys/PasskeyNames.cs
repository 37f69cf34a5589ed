using System.Buffers.Text;

namespace HouseholdApp.Features.Passkeys;

/// <summary>Names people give their passkeys, and the credential ids that stand for a passkey in links and forms.</summary>
public static class PasskeyNames
{
    public const int MaxLength = 100;

    public const string Default = "Passkey";

    /// <summary>The trimmed name, <see cref="Default"/> when blank; an error message when it breaks the rule.</summary>
    public static (string Name, string? Error) Validate(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return (Default, null);
        }

        if (trimmed.Length > MaxLength)
        {
            return (Default, $"A passkey name can be at most {MaxLength} characters long.");
        }

        return trimmed.Any(char.IsControl) ? (Default, "A passkey name cannot contain control characters.") : (trimmed, null);
    }

    public static string EncodeId(byte[] credentialId) => Base64Url.EncodeToString(credentialId);

    /// <summary>The credential id, or null for anything that is not base64url of a sensible length.</summary>
    public static byte[]? DecodeId(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 2048 || !Base64Url.IsValid(value))
        {
            return null;
        }

        var bytes = Base64Url.DecodeFromChars(value);
        return bytes.Length == 0 ? null : bytes;
    }
}
