using HouseholdApp.Components.Account;
using HouseholdApp.Data;
using Microsoft.AspNetCore.Identity;

namespace HouseholdApp.Features.Accounts;

/// <summary>
/// The one password rule: 8 to 128 characters. Identity enforces the minimum (its options) and this validator
/// the maximum, on every path that sets a password, before anything is hashed. Its words are Identity's other
/// messages' (the registered <see cref="AccountErrorDescriber"/>).
/// </summary>
public sealed class PasswordPolicy : IPasswordValidator<ApplicationUser>
{
    public const int MinLength = 8;

    public const int MaxLength = 128;

    public Task<IdentityResult> ValidateAsync(
        UserManager<ApplicationUser> manager,
        ApplicationUser user,
        string? password
    ) =>
        Task.FromResult(
            password is { Length: > MaxLength }
                ? IdentityResult.Failed(((AccountErrorDescriber)manager.ErrorDescriber).PasswordTooLong(MaxLength))
                : IdentityResult.Success
        );
}
