using Microsoft.AspNetCore.Identity;

namespace HouseholdApp.Components.Account;

/// <summary>
/// Identity's messages (password rules, a taken address, a spent link…) in the reader's language, wherever Identity
/// reports them: the pages, the account API's validation problems, Identity's own endpoints. Codes stay Identity's.
/// </summary>
public sealed class AccountErrorDescriber(AccountTexts texts) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), texts.IdentityDefaultError);

    public override IdentityError ConcurrencyFailure() =>
        Error(nameof(ConcurrencyFailure), texts.IdentityConcurrencyFailure);

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), texts.IdentityPasswordMismatch);

    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), texts.IdentityInvalidToken);

    public override IdentityError RecoveryCodeRedemptionFailed() =>
        Error(nameof(RecoveryCodeRedemptionFailed), texts.IdentityRecoveryCodeRedemptionFailed);

    public override IdentityError LoginAlreadyAssociated() =>
        Error(nameof(LoginAlreadyAssociated), texts.IdentityLoginAlreadyAssociated);

    public override IdentityError InvalidUserName(string? userName) =>
        Error(nameof(InvalidUserName), texts.IdentityInvalidUserName(userName));

    public override IdentityError InvalidEmail(string? email) =>
        Error(nameof(InvalidEmail), texts.IdentityInvalidEmail(email));

    public override IdentityError DuplicateUserName(string userName) =>
        Error(nameof(DuplicateUserName), texts.IdentityDuplicateUserName(userName));

    public override IdentityError DuplicateEmail(string email) =>
        Error(nameof(DuplicateEmail), texts.IdentityDuplicateEmail(email));

    public override IdentityError InvalidRoleName(string? role) =>
        Error(nameof(InvalidRoleName), texts.IdentityInvalidRoleName(role));

    public override IdentityError DuplicateRoleName(string role) =>
        Error(nameof(DuplicateRoleName), texts.IdentityDuplicateRoleName(role));

    public override IdentityError UserAlreadyHasPassword() =>
        Error(nameof(UserAlreadyHasPassword), texts.IdentityUserAlreadyHasPassword);

    public override IdentityError UserLockoutNotEnabled() =>
        Error(nameof(UserLockoutNotEnabled), texts.IdentityUserLockoutNotEnabled);

    public override IdentityError UserAlreadyInRole(string role) =>
        Error(nameof(UserAlreadyInRole), texts.IdentityUserAlreadyInRole(role));

    public override IdentityError UserNotInRole(string role) =>
        Error(nameof(UserNotInRole), texts.IdentityUserNotInRole(role));

    public override IdentityError PasswordTooShort(int length) =>
        Error(nameof(PasswordTooShort), texts.IdentityPasswordTooShort(length));

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Error(nameof(PasswordRequiresUniqueChars), texts.IdentityPasswordRequiresUniqueChars(uniqueChars));

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        Error(nameof(PasswordRequiresNonAlphanumeric), texts.IdentityPasswordRequiresNonAlphanumeric);

    public override IdentityError PasswordRequiresDigit() =>
        Error(nameof(PasswordRequiresDigit), texts.IdentityPasswordRequiresDigit);

    public override IdentityError PasswordRequiresLower() =>
        Error(nameof(PasswordRequiresLower), texts.IdentityPasswordRequiresLower);

    public override IdentityError PasswordRequiresUpper() =>
        Error(nameof(PasswordRequiresUpper), texts.IdentityPasswordRequiresUpper);

    /// <summary>The app's own password rule (<see cref="Features.Accounts.PasswordPolicy"/>): at most so many
    /// characters.</summary>
    public IdentityError PasswordTooLong(int max) => Error(nameof(PasswordTooLong), texts.IdentityPasswordTooLong(max));

    private static IdentityError Error(string code, string description) =>
        new() { Code = code, Description = description };
}
