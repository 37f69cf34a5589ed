using System.Globalization;
using System.Net;
using HouseholdApp.Common;
using HouseholdApp.Components.Account;
using HouseholdApp.Data;
using HouseholdApp.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Features.Email;

/// <summary>
/// Identity's mail (the JSON account API's confirmation and reset) through the outbox, in the account's saved language,
/// else the request's; nothing when mail is off.
/// A singleton with one context per message: MapIdentityApi resolves its sender once, from the root provider, so a
/// context held here would be shared by every concurrent request.
/// </summary>
internal sealed class OutboxEmailSender(
    Mailer mailer,
    IDbContextFactory<AppDbContext> dbFactory,
    MailRateLimiter limits,
    IHttpContextAccessor http,
    PublicUrl publicUrl,
    EmailTemplates templates
) : IEmailSender<ApplicationUser>
{
    // Identity hands over links already HTML-encoded; the templates encode for themselves.
    public async Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink)
    {
        // Identity's manage endpoint passes the new address as typed, unchecked. Only a valid address that no other
        // account holds gets a link, so nobody can make the app ask the owner of an address to hand it over.
        if (EmailAddresses.Canonicalize(email) is not { } address)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var key = new AccountLookupNormalizer().NormalizeEmail(address);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == key && u.Id != user.Id))
        {
            return;
        }

        if (
            await limits.TryAccountMailAsync(
                db,
                address,
                http.HttpContext?.Connection.RemoteIpAddress,
                CancellationToken.None
            )
        )
        {
            // Identity builds its link from the request's Host and confirms on GET: the mail links to the page on
            // App:PublicUrl instead.
            var page = AccountLinks.FromIdentityApiLink(WebUtility.HtmlDecode(confirmationLink));
            var link = publicUrl.Absolute(page);
            var language = LanguageOf(user);
            await mailer.SendAsync(
                db,
                page.StartsWith("Account/ConfirmEmailChange", StringComparison.Ordinal)
                    ? templates.ConfirmEmailChange(language, address, link)
                    : templates.ConfirmEmail(language, address, link)
            );
        }
    }

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        SendAsync(templates.ResetPassword(LanguageOf(user), email, WebUtility.HtmlDecode(resetLink)));

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        SendAsync(templates.ResetCode(LanguageOf(user), email, resetCode));

    private static CultureInfo LanguageOf(ApplicationUser user) =>
        EmailTemplates.LanguageOf(user, CultureInfo.CurrentUICulture);

    private async Task SendAsync(EmailMessage message)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        // Over a limit, nothing is sent and the endpoint answers as always (see MailRateLimiter.TryAccountMailAsync).
        if (
            await limits.TryAccountMailAsync(
                db,
                message.To,
                http.HttpContext?.Connection.RemoteIpAddress,
                CancellationToken.None
            )
        )
        {
            await mailer.SendAsync(db, message);
        }
    }
}
