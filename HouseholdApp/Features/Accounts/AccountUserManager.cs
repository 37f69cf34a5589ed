using HouseholdApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.Accounts;

/// <summary>Identity's user manager, storing every new account's address in its one normal form, whichever page or endpoint creates it.</summary>
public sealed class AccountUserManager(
    IUserStore<ApplicationUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<ApplicationUser> passwordHasher,
    IEnumerable<IUserValidator<ApplicationUser>> userValidators,
    IEnumerable<IPasswordValidator<ApplicationUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<ApplicationUser>> logger)
    : UserManager<ApplicationUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override Task<IdentityResult> CreateAsync(ApplicationUser user)
    {
        user.Email = EmailAddresses.Normalize(user.Email);
        user.UserName = EmailAddresses.Normalize(user.UserName);
        return base.CreateAsync(user);
    }

    /// <summary>Removing a passkey is a credential change: a new security stamp ends the account's other sessions.</summary>
    public override async Task<IdentityResult> RemovePasskeyAsync(ApplicationUser user, byte[] credentialId)
    {
        var result = await base.RemovePasskeyAsync(user, credentialId);
        return result.Succeeded ? await UpdateSecurityStampAsync(user) : result;
    }
}

/// <summary>Look-ups (sign-in, duplicate checks) read addresses the way they are stored.</summary>
public sealed class AccountLookupNormalizer : ILookupNormalizer
{
    public string? NormalizeName(string? name) => EmailAddresses.Normalize(name)?.ToUpperInvariant();

    public string? NormalizeEmail(string? email) => EmailAddresses.Normalize(email)?.ToUpperInvariant();
}
