using System.Globalization;
using System.Net;
using System.Text;
using HouseholdApp.Common;
using HouseholdApp.Components.Layout;
using HouseholdApp.Data;
using HouseholdApp.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Features.Email;

/// <summary>
/// The few messages the app sends, each as plain text and as simple HTML with the same words, in the language given:
/// the recipient's (<see cref="RecipientAsync"/>), which need not be the language of the request that sends it.
/// </summary>
public sealed class EmailTemplates(EmailTexts texts, ViewerTime viewerTime)
{
    /// <summary>The longest inviter name a mail repeats; longer ones are cut with an ellipsis.</summary>
    public const int InviterMaxLength = 40;

    /// <summary>The longest household name a mail repeats.</summary>
    public const int HouseholdMaxLength = 50;

    /// <summary>
    /// The language and time zone of a mail to an address, in one read: its account's saved ones, else
    /// <paramref name="otherwise"/> and no zone (the mail then names UTC).
    /// </summary>
    public static async Task<(CultureInfo Language, TimeZoneInfo? Zone)> RecipientAsync(
        AppDbContext db,
        string email,
        CultureInfo otherwise,
        CancellationToken ct
    )
    {
        var normalized = new AccountLookupNormalizer().NormalizeEmail(email);
        var saved = await db
            .Users.Where(u => u.NormalizedEmail == normalized)
            .Select(u => new { u.Language, u.TimeZone })
            .SingleOrDefaultAsync(ct);
        return (LanguagePreference.Find(saved?.Language) ?? otherwise, TimeZonePreference.Find(saved?.TimeZone));
    }

    /// <summary>The language of a mail to an account's holder: their saved one, else <paramref name="otherwise"/>.
    /// </summary>
    public static CultureInfo LanguageOf(ApplicationUser user, CultureInfo otherwise) =>
        LanguagePreference.Find(user.Language) ?? otherwise;

    public EmailMessage ResetPassword(CultureInfo language, string to, string link) =>
        In(language, () =>
            Build(
                to,
                texts.ResetPasswordSubject,
                [texts.ResetAsked, texts.ResetChoose],
                texts.ResetPasswordAction,
                link,
                texts.ResetIgnore
            )
        );

    public EmailMessage ResetCode(CultureInfo language, string to, string code) =>
        In(language, () =>
            Build(to, texts.ResetCodeSubject, [texts.ResetAsked, texts.ResetCode(code)], "", "", texts.ResetIgnore)
        );

    public EmailMessage ConfirmEmail(CultureInfo language, string to, string link) =>
        In(language, () =>
            Build(to, texts.ConfirmSubject, [texts.ConfirmAsk], texts.ConfirmAction, link, texts.ConfirmIgnore)
        );

    public EmailMessage ConfirmEmailChange(CultureInfo language, string to, string link) =>
        In(language, () =>
            Build(to, texts.ChangeSubject, [texts.ChangeAsk], texts.ChangeAction, link, texts.ChangeIgnore)
        );

    public EmailMessage AlreadyRegistered(CultureInfo language, string to, string signInLink, string resetLink) =>
        In(language, () =>
            Build(
                to,
                texts.RegisteredSubject,
                [texts.RegisteredTried, texts.RegisteredSignIn(resetLink)],
                texts.RegisteredAction,
                signInLink,
                texts.RegisteredIgnore
            )
        );

    /// <summary>The invitation; its expiry in the recipient's saved zone (<paramref name="zone"/>), else UTC, named.
    /// </summary>
    public EmailMessage Invite(
        CultureInfo language,
        string to,
        string invitedBy,
        string householdName,
        string link,
        bool bound,
        DateTimeOffset expiresAt,
        TimeZoneInfo? zone
    )
    {
        var inviter = MailText.Inline(invitedBy, InviterMaxLength);
        var household = MailText.Inline(householdName, HouseholdMaxLength);
        return In(language, () =>
            Build(
                to,
                texts.InviteSubject(inviter, household),
                [
                    texts.InviteJoin(inviter, household),
                    bound ? texts.InviteBound(to) : texts.InviteOpen,
                    texts.InviteUntil(viewerTime.DateTime(expiresAt, zone ?? TimeZoneInfo.Utc)),
                ],
                texts.InviteAction,
                link,
                texts.InviteIgnore
            )
        );
    }

    private static EmailMessage In(CultureInfo language, Func<EmailMessage> build)
    {
        using (LanguagePreference.Use(language))
        {
            return build();
        }
    }

    private EmailMessage Build(
        string to,
        string subject,
        IReadOnlyList<string> paragraphs,
        string action,
        string link,
        string footer
    )
    {
        var text = new StringBuilder();
        foreach (var paragraph in paragraphs)
        {
            text.Append(paragraph).Append("\n\n");
        }

        if (link.Length > 0)
        {
            text.Append(action).Append(": ").Append(link).Append("\n\n");
        }

        text.Append(footer).Append('\n');

        // Built inside In(): the current culture is the mail's language, which mail readers hand to screen readers.
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"")
            .Append(CultureInfo.CurrentUICulture.Name)
            .Append("\"><body style=\"font-family:sans-serif;line-height:1.5\">");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>");
        }

        if (link.Length > 0)
        {
            html.Append("<p><a href=\"")
                .Append(WebUtility.HtmlEncode(link))
                .Append("\">")
                .Append(WebUtility.HtmlEncode(action))
                .Append("</a></p>")
                .Append("<p>")
                .Append(WebUtility.HtmlEncode(texts.CopyAddress(link)))
                .Append("</p>");
        }

        html.Append("<p style=\"color:#555\">").Append(WebUtility.HtmlEncode(footer)).Append("</p></body></html>");
        return new EmailMessage(to, subject, text.ToString(), html.ToString());
    }
}
