using System.Net;
using System.Text;
using HouseholdApp.Common;

namespace HouseholdApp.Features.Email;

/// <summary>The few messages the app sends, each as plain text and as simple HTML with the same words.</summary>
public static class EmailTemplates
{
    public static EmailMessage ResetPassword(string to, string link) => Build(to, "Reset your HouseholdApp password",
        ["Someone (hopefully you) asked to reset the password of your HouseholdApp account.", "Choose a new password here:"],
        "Reset password", link, "If you did not ask for this, ignore this message: your password stays as it is.");

    public static EmailMessage ResetCode(string to, string code) => Build(to, "Your HouseholdApp password reset code",
        ["Someone (hopefully you) asked to reset the password of your HouseholdApp account.", "Your reset code is: " + code],
        "", "", "If you did not ask for this, ignore this message: your password stays as it is.");

    public static EmailMessage ConfirmEmail(string to, string link) => Build(to, "Confirm your e-mail address",
        ["Please confirm that this address belongs to your HouseholdApp account."],
        "Confirm address", link, "If you did not create an account, ignore this message.");

    public static EmailMessage ConfirmEmailChange(string to, string link) => Build(to, "Confirm your new e-mail address",
        ["Your HouseholdApp account asked to use this address from now on. Confirm the change here:"],
        "Confirm new address", link, "If you did not ask for this, ignore this message: nothing changes.");

    public static EmailMessage AlreadyRegistered(string to, string signInLink, string resetLink) => Build(to, "You already have a HouseholdApp account",
        ["Someone tried to create a HouseholdApp account with this address, but it already has one.",
         "If that was you, sign in instead. If you forgot your password, you can reset it: " + resetLink],
        "Sign in", signInLink, "If it was not you, ignore this message: nothing changed.");

    /// <summary>The longest inviter name a mail repeats; longer ones are cut with an ellipsis.</summary>
    public const int InviterMaxLength = 40;

    /// <summary>The longest household name a mail repeats.</summary>
    public const int HouseholdMaxLength = 50;

    /// <summary>The invitation; its expiry in the recipient's saved zone (<paramref name="zone"/>), else UTC, named.
    /// </summary>
    public static EmailMessage Invite(
        string to, string invitedBy, string householdName, string link, bool bound, DateTimeOffset expiresAt, TimeZoneInfo? zone) =>
        InviteSanitized(to, MailText.Inline(invitedBy, InviterMaxLength), MailText.Inline(householdName, HouseholdMaxLength), link, bound,
            Expiry(expiresAt, zone ?? TimeZoneInfo.Utc));

    private static string Expiry(DateTimeOffset moment, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(moment, zone).ToString("d MMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " " + ViewerTime.ZoneName(zone);

    private static EmailMessage InviteSanitized(string to, string invitedBy, string householdName, string link, bool bound, string expires) => Build(to,
        $"{invitedBy} invites you to {householdName} on HouseholdApp",
        [$"{invitedBy} invites you to join the household \u201c{householdName}\u201d on HouseholdApp.",
         bound ? $"The link works only for an account whose confirmed e-mail address is {to}." : "Open the link to join:",
         $"The link works until {expires}."],
        "Join the household", link, "If you do not know the sender, ignore this message.");

    private static EmailMessage Build(string to, string subject, IReadOnlyList<string> paragraphs, string action, string link, string footer)
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

        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\">");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>");
        }

        if (link.Length > 0)
        {
            var href = WebUtility.HtmlEncode(link);
            html.Append("<p><a href=\"").Append(href).Append("\">").Append(WebUtility.HtmlEncode(action)).Append("</a></p>")
                .Append("<p>Or copy this address into your browser: ").Append(href).Append("</p>");
        }

        html.Append("<p style=\"color:#555\">").Append(WebUtility.HtmlEncode(footer)).Append("</p></body></html>");
        return new EmailMessage(to, subject, text.ToString(), html.ToString());
    }
}
