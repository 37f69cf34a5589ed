using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace HouseholdApp.Features.Invites;

/// <summary>
/// Invite tokens: 32 bytes from the operating system's CSPRNG (256 bits, far beyond brute force),
/// written as Base64Url without padding — exactly 43 characters of [A-Za-z0-9_-].
/// </summary>
public static class InviteToken
{
    public const int ByteLength = 32;
    public const int Length = 43;

    public static string Generate() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(ByteLength));

    /// <summary>What the database stores and looks up: SHA-256 of the token's characters.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));

    /// <summary>
    /// True for exactly the strings <see cref="Generate"/> can produce: 43 Base64Url characters that decode to
    /// 32 bytes and encode back to themselves. Anything else is malformed and never reaches the database.
    /// </summary>
    public static bool IsWellFormed(string? token)
    {
        if (token is null || token.Length != Length)
        {
            return false;
        }

        foreach (var c in token)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        // 43 characters carry 258 bits: the last character's two spare bits must be zero (canonical form),
        // so one token has exactly one spelling. Checked before decoding: Base64Url's Try-decoder throws
        // (rather than returning false) on non-zero spare bits.
        if (!"AEIMQUYcgkosw048".Contains(token[^1], StringComparison.Ordinal))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[ByteLength];
        return Base64Url.DecodeFromChars(token, bytes, out _, out var written) == OperationStatus.Done
            && written == ByteLength;
    }

    /// <summary>The hash of a well-formed token, or null for a malformed one.</summary>
    public static byte[]? TryHash(string? token) => IsWellFormed(token) ? Hash(token!) : null;
}
