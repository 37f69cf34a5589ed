using HouseholdApp.Data;
using Microsoft.AspNetCore.Identity;

namespace HouseholdApp.Components.Account;

/// <summary>The app sends no e-mail unless an operator configures a sender; confirmation links are shown on screen instead.</summary>
internal sealed class IdentityNoOpEmailSender(ILogger<IdentityNoOpEmailSender> logger) : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink)
    {
        logger.LogInformation("No e-mail sender configured; not sending a confirmation link to user {UserId}", user.Id);
        return Task.CompletedTask;
    }

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) => Task.CompletedTask;

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) => Task.CompletedTask;
}
