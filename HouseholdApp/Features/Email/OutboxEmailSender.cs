using System.Net;
using HouseholdApp.Common;
using HouseholdApp.Components.Account;
using HouseholdApp.Data;
using Microsoft.AspNetCore.Identity;

namespace HouseholdApp.Features.Email;

/// <summary>Identity's mail (the JSON account API's confirmation and reset) through the outbox; nothing when mail is off.</summary>
internal sealed class OutboxEmailSender(Mailer mailer, AppDbContext db, PublicUrl publicUrl) : IEmailSender<ApplicationUser>
{
    // Identity hands over links already HTML-encoded; the templates encode for themselves.
    // Identity builds its link from the request's Host and confirms on GET: the mail links to the page on App:PublicUrl.
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink)
    {
        var page = AccountLinks.FromIdentityApiLink(WebUtility.HtmlDecode(confirmationLink));
        var link = publicUrl.Absolute(page);
        return mailer.SendAsync(db, page.StartsWith("Account/ConfirmEmailChange", StringComparison.Ordinal)
            ? EmailTemplates.ConfirmEmailChange(email, link)
            : EmailTemplates.ConfirmEmail(email, link));
    }

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        mailer.SendAsync(db, EmailTemplates.ResetPassword(email, WebUtility.HtmlDecode(resetLink)));

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        mailer.SendAsync(db, EmailTemplates.ResetCode(email, resetCode));
}
