using System.Text;
using HouseholdApp.Common;
using HouseholdApp.Data;
using Microsoft.AspNetCore.Identity;

namespace HouseholdApp.Features.Accounts;

/// <summary>
/// The one reading of an e-mail address, for every path that sets, changes or looks one up (sign-up pages, the JSON
/// API, Identity's manage endpoint, the address change page, invite sign-up and address-bound invites). Identity
/// enforces it itself: <see cref="AccountUserManager"/> stores the canonical form, <see cref="EmailAddressRules"/>
/// refuses any other, and <see cref="AccountLookupNormalizer"/> makes it the uniqueness key.
/// </summary>
public static class EmailAddresses
{
    public const int MaxLength = 256;

    /// <summary>
    /// The canonical form: surrounding white space dropped, compatibility forms folded (a full-width "ａ" is "a"), the
    /// domain lower-case, in its ASCII (Punycode) form and without a trailing dot ("a@Example.org." is a@example.org).
    /// An address that breaks the rules comes back trimmed only, for the validators to refuse.
    /// </summary>
    public static string? Normalize(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return trimmed;
        }

        return Canonical(trimmed) ?? trimmed.Normalize(NormalizationForm.FormC);
    }

    /// <summary>The canonical address, or the reason the address is refused in the reader's language (for a form
    /// field or a problem).</summary>
    public static (string? Address, string? Error) Validate(string? value, SharedTexts texts) =>
        Check(value) switch
        {
            (var address, null) => (address, null),
            (_, AddressProblem.Missing) => (null, texts.EmailMissing),
            (_, AddressProblem.TooLong) => (null, texts.EmailTooLong(MaxLength)),
            (_, AddressProblem.Invalid) => (null, texts.EmailInvalid),
            _ => throw new ArgumentOutOfRangeException(nameof(value)),
        };

    /// <summary>The canonical address, or null when the rules refuse it: for callers that say no words about why.
    /// </summary>
    public static string? Canonicalize(string? value) => Check(value).Address;

    private enum AddressProblem
    {
        Missing,
        TooLong,
        Invalid,
    }

    private static (string? Address, AddressProblem? Problem) Check(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return (null, AddressProblem.Missing);
        }

        if (trimmed.Length > MaxLength)
        {
            return (null, AddressProblem.TooLong);
        }

        return Canonical(trimmed) is { } address ? (address, null) : (null, AddressProblem.Invalid);
    }

    public static bool IsCanonical(string? value) => value is not null && Canonical(value) == value;

    private static string? Canonical(string value)
    {
        if (value.Length > MaxLength * 2)
        {
            return null;
        }

        // NFKC folds look-alike compatibility characters (full-width, ligatures) into the plain ones they stand for.
        var folded = value.Normalize(NormalizationForm.FormKC);
        var at = folded.LastIndexOf('@');
        if (at <= 0 || at == folded.Length - 1)
        {
            return null;
        }

        var local = folded[..at];
        var domain = folded[(at + 1)..].TrimEnd('.');
        // The local part is compared character by character by mail servers: anything beyond printable ASCII (Cyrillic
        // "а" for Latin "a", zero-width or direction characters) could pass for someone else's address, so it is
        // refused.
        if (
            local.Length > 64
            || !local.All(c => c is > ' ' and < '\u007f')
            || local.Contains('@')
            || local.StartsWith('.')
            || local.EndsWith('.')
            || local.Contains("..", StringComparison.Ordinal)
            || local.Any(c => "\"(),:;<>[\\]".Contains(c))
        )
        {
            return null;
        }

        // Host names in their ASCII form only: an internationalized domain is typed as its Punycode (xn--…) name,
        // which no look-alike can imitate.
        var ascii = domain.ToLowerInvariant();
        if (
            ascii.Length > 253
            || ascii.Split('.') is not { Length: >= 2 } labels
            || labels.Any(l =>
                l.Length is 0 or > 63
                || l.StartsWith('-')
                || l.EndsWith('-')
                || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            )
        )
        {
            return null;
        }

        var address = local + "@" + ascii;
        return
            address.Length <= MaxLength
            && MimeKit.MailboxAddress.TryParse(address, out var mailbox)
            && mailbox.GetAddress(idnEncode: true) == address
            ? address
            : null;
    }
}

/// <summary>Identity's own check, run on every create and update: the address is valid and in its canonical
/// form.</summary>
public sealed class EmailAddressRules : IUserValidator<ApplicationUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user) =>
        Task.FromResult(
            user.Email is { } email && !EmailAddresses.IsCanonical(email)
                ? IdentityResult.Failed(manager.ErrorDescriber.InvalidEmail(email))
                : IdentityResult.Success
        );
}
