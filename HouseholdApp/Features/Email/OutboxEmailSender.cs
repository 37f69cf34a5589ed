using System.Net;
using HouseholdApp.Data;
using Microsoft.AspNetCore.Identity;

namespace HouseholdApp.Features.Email;

/// <summary>Identity's mail (the JSON account API's confirmation and reset) through the outbox; nothing when mail is off.</summary>
internal sealed class OutboxEmailSender(Mailer mailer, AppDbContext db) : IEmailSender<ApplicationUser>
{
    // Identity hands over links already HTML-encoded; the templates encode for themselves.
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        mailer.SendAsync(db, EmailTemplates.ConfirmEmail(email, WebUtility.HtmlDecode(confirmationLink)));

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        mailer.SendAsync(db, EmailTemplates.ResetPassword(email, WebUtility.HtmlDecode(resetLink)));

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        mailer.SendAsync(db, EmailTemplates.ResetCode(email, resetCode));
}
