using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace HouseholdApp.Features.Email;

/// <summary>
/// Encrypts a queued message's parts with Data Protection (the key ring every instance shares), so a backup or a
/// read-only look at the database does not hand out the links, tokens and codes inside.
/// </summary>
public sealed class OutboxBodyProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("HouseholdApp.Email.OutboxBody.v1");

    public string Protect(string textBody, string htmlBody) =>
        protector.Protect(JsonSerializer.Serialize(new Parts(textBody, htmlBody)));

    /// <summary>The parts, or null when the body cannot be decrypted (its key was lost or it was tampered
    /// with).</summary>
    public (string TextBody, string HtmlBody)? Unprotect(string body)
    {
        try
        {
            var parts = JsonSerializer.Deserialize<Parts>(protector.Unprotect(body));
            return parts is null ? null : (parts.Text, parts.Html);
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    private sealed record Parts(string Text, string Html);
}
