using System.Buffers.Text;
using HouseholdApp.Common;

namespace HouseholdApp.Features.Passkeys;

/// <summary>Names people give their passkeys, and the credential ids that stand for a passkey in links and
/// forms.</summary>
public static class PasskeyNames
{
    public const string Default = "Passkey";

    /// <summary>The trimmed name, <see cref="Default"/> when blank; an error message when it breaks the rule.</summary>
    public static (string Name, string? Error) Validate(string? value, SharedTexts texts)
    {
        var (name, error) = NameRules.PasskeyName.Check(value, texts);
        return (name ?? Default, error);
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
