using System.Security.Cryptography;
using System.Text;

namespace HouseholdApp.Features.Accounts;

/// <summary>
/// How a two-factor code is read, wherever it is typed: an authenticator's six digits or a recovery code, with or
/// without the spaces and hyphens people copy along.
/// </summary>
public static class TwoFactorCodes
{
    /// <summary>Longer than any code with generous spacing; anything longer is refused before it is checked.</summary>
    public const int MaxLength = 32;

    /// <summary>How many recovery codes a person gets at a time.</summary>
    public const int RecoveryCodeCount = 10;

    /// <summary>The code without spaces and hyphens, in upper case.</summary>
    public static string Normalize(string? code) =>
        new((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());

    /// <summary>What is stored of a recovery code: its hash; the database never holds a code that signs in.</summary>
    public static string HashRecoveryCode(string code) =>
        RecoveryCodeHashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(code))));

    public const string RecoveryCodeHashPrefix = "sha256:";

    /// <summary>
    /// The <c>otpauth://</c> address an authenticator app reads from the QR code: the account's address as the label,
    /// the product as the issuer, six digits every 30 seconds (what every app assumes).
    /// </summary>
    public static string AuthenticatorUri(string issuer, string account, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}"
        + $"?secret={key}&issuer={Uri.EscapeDataString(issuer)}&digits=6&period=30";

    /// <summary>The key in groups of four lower-case letters, for typing it into an app by hand.</summary>
    public static string FormatKey(string key) =>
        string.Join(' ', key.ToLowerInvariant().Chunk(4).Select(chunk => new string(chunk)));
}
