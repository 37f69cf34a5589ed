using System.Globalization;
using System.Net;
using System.Text;
using HouseholdApp.Common;
using HouseholdApp.Components.Layout;
using HouseholdApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace HouseholdApp.Features.Email;

/// <summary>
/// The account messages (confirm, reset, change of address, "you already have an account"), with links on
/// App:PublicUrl, in the account's saved language, else the language of the request that asked for them. Each writes
/// its outbox row through the request's context, so it commits with the caller's changes. Constructed only by the
/// posts that send mail (it needs a UserManager).
/// </summary>
public sealed class AccountMail(
    UserManager<ApplicationUser> userManager,
    AppDbContext db,
    Mailer mailer,
    PublicUrl publicUrl,
    MailRateLimiter limits,
    IHttpContextAccessor http,
    EmailTemplates templates
)
{
    private IPAddress? requestedFrom;

    private CultureInfo? requestLanguage;

    public bool Enabled => mailer.Enabled;

    /// <summary>
    /// The client that asked for these mails, counted against its hourly limit: the current request's, unless mail
    /// queued by an earlier request names the client that asked for it (AnonymousAccountMailSender).
    /// </summary>
    public IPAddress? RequestedFrom
    {
        get => requestedFrom ?? http.HttpContext?.Connection.RemoteIpAddress;
        set => requestedFrom = value;
    }

    /// <summary>
    /// The language of the request that asked for these mails, for an account without a saved one: the current
    /// request's, unless mail queued by an earlier request names that request's (AnonymousAccountMailSender).
    /// </summary>
    public CultureInfo RequestLanguage
    {
        get => requestLanguage ?? CultureInfo.CurrentUICulture;
        set => requestLanguage = value;
    }

    public static string EncodeCode(string code) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(code));

    /// <summary>The token inside a link's code, or null when the code is not even Base64Url.</summary>
    public static string? DecodeCode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public async Task SendConfirmationAsync(ApplicationUser user, CancellationToken ct = default)
    {
        var code = EncodeCode(await userManager.GenerateEmailConfirmationTokenAsync(user));
        var link = Link("Account/ConfirmEmail", ("userId", user.Id), ("code", code));
        await SendAsync(templates.ConfirmEmail(LanguageOf(user), user.Email!, link), ct);
    }

    public async Task SendPasswordResetAsync(ApplicationUser user, CancellationToken ct = default)
    {
        var code = EncodeCode(await userManager.GeneratePasswordResetTokenAsync(user));
        var link = Link("Account/ResetPassword", ("userId", user.Id), ("code", code));
        await SendAsync(templates.ResetPassword(LanguageOf(user), user.Email!, link), ct);
    }

    /// <summary>A reset code to post to the API's resetPassword (Identity's API contract), not a link to a
    /// page.</summary>
    public async Task SendPasswordResetCodeAsync(ApplicationUser user, CancellationToken ct = default)
    {
        var code = EncodeCode(await userManager.GeneratePasswordResetTokenAsync(user));
        await SendAsync(templates.ResetCode(LanguageOf(user), user.Email!, code), ct);
    }

    /// <summary>
    /// Mails the link that moves the account to <paramref name="newEmail"/> (already canonical), unless another account
    /// holds that address: its owner is not asked to confirm someone else's change, and the caller answers the same.
    /// </summary>
    public async Task SendChangeEmailAsync(ApplicationUser user, string newEmail, CancellationToken ct = default)
    {
        var holder = await userManager.FindByEmailAsync(newEmail);
        if (holder is not null && holder.Id != user.Id)
        {
            return;
        }

        var code = EncodeCode(await userManager.GenerateChangeEmailTokenAsync(user, newEmail));
        var link = Link("Account/ConfirmEmailChange", ("userId", user.Id), ("email", newEmail), ("code", code));
        // The new address has no account yet: the mail speaks the language of the account that asked for the change.
        await SendAsync(templates.ConfirmEmailChange(LanguageOf(user), newEmail, link), ct);
    }

    /// <summary>Someone tried to register an address that has an account: tell its owner, not the person
    /// registering.</summary>
    public async Task SendAlreadyRegisteredAsync(string email, CancellationToken ct = default)
    {
        var (language, _) = await EmailTemplates.RecipientAsync(db, email, RequestLanguage, ct);
        await SendAsync(
            templates.AlreadyRegistered(language, email, Link("Account/Login"), Link("Account/ForgotPassword")),
            ct
        );
    }

    /// <summary>Over a limit nothing is sent, and the page answers as always (see
    /// MailRateLimiter.TryAccountMailAsync).</summary>
    private async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        if (await limits.TryAccountMailAsync(db, message.To, RequestedFrom, ct))
        {
            await mailer.SendAsync(db, message, ct);
        }
    }

    private CultureInfo LanguageOf(ApplicationUser user) => EmailTemplates.LanguageOf(user, RequestLanguage);

    private string Link(string path, params (string Name, string Value)[] query) =>
        QueryHelpers.AddQueryString(
            publicUrl.Absolute(path),
            query.Select(q => new KeyValuePair<string, string?>(q.Name, q.Value))
        );
}

/// <summary>
/// Makes a failed sign-in take about as long for an unknown address as for a known one: the same password hash is
/// verified, against a fixed dummy hash.
/// </summary>
public static class SignInTiming
{
    private static readonly ApplicationUser Nobody = new();

    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<ApplicationUser>().HashPassword(Nobody, Guid.NewGuid().ToString())
    );

    public static void HashAnyway(IPasswordHasher<ApplicationUser> hasher, string? password) =>
        hasher.VerifyHashedPassword(Nobody, DummyHash.Value, password ?? "");
}
