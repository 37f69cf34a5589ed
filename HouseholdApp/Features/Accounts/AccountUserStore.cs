using System.Security.Cryptography;
using HouseholdApp.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace HouseholdApp.Features.Accounts;

/// <summary>
/// Identity's user store, keeping the two-factor secrets out of the clear: the authenticator key is encrypted with
/// Data Protection (the key ring every instance shares) and recovery codes are stored as hashes. Values written
/// before either was protected are still read, and replaced by the next key or the next set of codes.
/// </summary>
public sealed class AccountUserStore(
    AppDbContext context,
    IDataProtectionProvider protection,
    IdentityErrorDescriber? describer = null
) : UserOnlyStore<ApplicationUser, AppDbContext, string>(context, describer)
{
    private const string ProtectedKeyPrefix = "protected:";

    private readonly IDataProtector keyProtector = protection.CreateProtector(
        "HouseholdApp.Accounts.AuthenticatorKey.v1"
    );

    public override Task SetAuthenticatorKeyAsync(
        ApplicationUser user,
        string key,
        CancellationToken cancellationToken
    ) => base.SetAuthenticatorKeyAsync(user, ProtectedKeyPrefix + keyProtector.Protect(key), cancellationToken);

    /// <summary>The key, or null when it cannot be decrypted (a lost key ring): a recovery code still helps.</summary>
    public override async Task<string?> GetAuthenticatorKeyAsync(
        ApplicationUser user,
        CancellationToken cancellationToken
    )
    {
        var stored = await base.GetAuthenticatorKeyAsync(user, cancellationToken);
        if (stored is null || !stored.StartsWith(ProtectedKeyPrefix, StringComparison.Ordinal))
        {
            return stored;
        }

        try
        {
            return keyProtector.Unprotect(stored[ProtectedKeyPrefix.Length..]);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public override Task ReplaceCodesAsync(
        ApplicationUser user,
        IEnumerable<string> recoveryCodes,
        CancellationToken cancellationToken
    ) => base.ReplaceCodesAsync(user, recoveryCodes.Select(TwoFactorCodes.HashRecoveryCode), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(
        ApplicationUser user,
        string code,
        CancellationToken cancellationToken
    )
    {
        // A stored hash typed in as a code is no code: only codes stored before hashing are compared as typed.
        return await base.RedeemCodeAsync(user, TwoFactorCodes.HashRecoveryCode(code), cancellationToken)
            || (
                !code.StartsWith(TwoFactorCodes.RecoveryCodeHashPrefix, StringComparison.Ordinal)
                && await base.RedeemCodeAsync(user, code, cancellationToken)
            );
    }
}
