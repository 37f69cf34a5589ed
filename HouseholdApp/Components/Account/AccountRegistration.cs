using System.ComponentModel.DataAnnotations;
using HouseholdApp.Data;
using HouseholdApp.Features.Accounts;
using HouseholdApp.Features.Email;
using Microsoft.AspNetCore.Identity;

namespace HouseholdApp.Components.Account;

/// <summary>
/// Sign-up while mail is on, for the page and the API alike: the answer is the same whether or not the address has
/// an account. A new account gets a confirmation link, the owner of a taken address a note that someone tried; both
/// paths do the same checks and write one mail in a transaction, so neither answers noticeably faster.
/// </summary>
public sealed class AccountRegistration(UserManager<ApplicationUser> users, AppDbContext db, AccountMail mail)
{
    /// <summary>Success for a new and for a taken address alike; otherwise the password's or the address's
    /// errors.</summary>
    public async Task<IdentityResult> RegisterWithMailAsync(
        string? rawEmail,
        string? password,
        string? displayName,
        CancellationToken ct = default
    )
    {
        var email = EmailAddresses.Normalize(rawEmail);
        if (string.IsNullOrEmpty(email) || !new EmailAddressAttribute().IsValid(email))
        {
            return IdentityResult.Failed(users.ErrorDescriber.InvalidEmail(rawEmail));
        }

        var candidate = new ApplicationUser
        {
            UserName = email,
            Email = email,
            DisplayName = displayName ?? "",
        };
        var passwordErrors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            passwordErrors.AddRange((await validator.ValidateAsync(users, candidate, password ?? "")).Errors);
        }

        if (passwordErrors.Count > 0)
        {
            return IdentityResult.Failed([.. passwordErrors]);
        }

        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            await TellOwnerAsync(existing, candidate, password!, ct);
            return IdentityResult.Success;
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await users.CreateAsync(candidate, password!);
            if (!result.Succeeded)
            {
                if (
                    result.Errors.Any(e =>
                        e.Code
                            is nameof(IdentityErrorDescriber.DuplicateEmail)
                                or nameof(IdentityErrorDescriber.DuplicateUserName)
                    )
                )
                {
                    // Taken between the look-up and the insert: answer as for any taken address.
                    return IdentityResult.Success;
                }

                return IdentityResult.Failed([
                    .. result.Errors.Where(e => !e.Code.StartsWith("Password", StringComparison.Ordinal)),
                ]);
            }

            await mail.SendConfirmationAsync(candidate, ct);
            await transaction.CommitAsync(ct);
            return IdentityResult.Success;
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // A concurrent sign-up with this address won: answer as for any taken address.
            db.ChangeTracker.Clear();
            return IdentityResult.Success;
        }
    }

    private async Task TellOwnerAsync(
        ApplicationUser existing,
        ApplicationUser candidate,
        string password,
        CancellationToken ct
    )
    {
        // The same work as creating an account: the account checks (their look-ups), the password hash, one mail
        // written in a transaction.
        foreach (var validator in users.UserValidators)
        {
            await validator.ValidateAsync(users, candidate);
        }

        users.PasswordHasher.HashPassword(existing, password);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await mail.SendAlreadyRegisteredAsync(existing.Email!, ct);
        await transaction.CommitAsync(ct);
    }
}
