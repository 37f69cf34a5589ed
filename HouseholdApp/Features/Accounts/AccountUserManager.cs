using HouseholdApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.Accounts;

/// <summary>
/// Identity's user manager, storing every address in its one canonical form (<see cref="EmailAddresses"/>), whichever
/// page or endpoint creates or changes it: sign-up, Identity's manage endpoint, the change-of-address link.
/// </summary>
public sealed class AccountUserManager(
    IUserStore<ApplicationUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<ApplicationUser> passwordHasher,
    IEnumerable<IUserValidator<ApplicationUser>> userValidators,
    IEnumerable<IPasswordValidator<ApplicationUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<ApplicationUser>> logger,
    TimeProvider time
)
    : UserManager<ApplicationUser>(
        store,
        optionsAccessor,
        passwordHasher,
        userValidators,
        passwordValidators,
        keyNormalizer,
        errors,
        services,
        logger
    )
{
    public override Task<IdentityResult> CreateAsync(ApplicationUser user)
    {
        user.Email = EmailAddresses.Normalize(user.Email);
        user.UserName = EmailAddresses.Normalize(user.UserName);
        user.CreatedAt ??= time.GetUtcNow();
        return base.CreateAsync(user);
    }

    public override Task<IdentityResult> SetEmailAsync(ApplicationUser user, string? email) =>
        base.SetEmailAsync(user, EmailAddresses.Normalize(email));

    public override Task<IdentityResult> SetUserNameAsync(ApplicationUser user, string? userName) =>
        base.SetUserNameAsync(user, EmailAddresses.Normalize(userName));

    // The token names the address it was made for: both ends read it the same way, however it was typed or echoed.
    public override Task<string> GenerateChangeEmailTokenAsync(ApplicationUser user, string newEmail) =>
        base.GenerateChangeEmailTokenAsync(user, EmailAddresses.Normalize(newEmail) ?? newEmail);

    public override Task<IdentityResult> ChangeEmailAsync(ApplicationUser user, string newEmail, string token) =>
        base.ChangeEmailAsync(user, EmailAddresses.Normalize(newEmail) ?? newEmail, token);

    /// <summary>Removing a passkey is a credential change: a new security stamp ends the account's other
    /// sessions.</summary>
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
