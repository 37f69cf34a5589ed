using System.Globalization;
using System.Net;
using System.Threading.Channels;
using HouseholdApp.Data;
using HouseholdApp.Features.Email;
using Microsoft.AspNetCore.Identity;

namespace HouseholdApp.Components.Account;

/// <summary>
/// Mail that anyone may ask for by typing an address (a reset link, a confirmation link again). The request only
/// queues the address and answers at once; looking the account up and writing the mail happen afterwards, so the
/// answer and its timing are the same whether or not the address has an account.
/// </summary>
public sealed partial class AnonymousAccountMail(IHttpContextAccessor http, ILogger<AnonymousAccountMail> logger)
{
    public enum Kind
    {
        /// <summary>A link to the reset page (the pages' "Forgot password?").</summary>
        ResetLink,

        /// <summary>A reset code to post to the API's resetPassword (Identity's API contract).</summary>
        ResetCode,

        /// <summary>The confirmation link again, for an account that is not confirmed yet.</summary>
        Confirmation,
    }

    /// <param name="Client">Who asked, for the per-client mail limit (MailRateLimiter), counted once the mail is
    /// written.</param>
    /// <param name="Language">The asking request's language, for an account that saved none.</param>
    internal readonly record struct Item(Kind Kind, string Email, IPAddress? Client, CultureInfo Language);

    // Bounded: the account rate limit keeps it far from full; a flood drops requests instead of growing memory.
    private readonly Channel<Item> queue = Channel.CreateBounded<Item>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite }
    );

    internal ChannelReader<Item> Reader => queue.Reader;

    public void Request(Kind kind, string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return;
        }

        var client = http.HttpContext?.Connection.RemoteIpAddress;
        if (!queue.Writer.TryWrite(new Item(kind, email, client, CultureInfo.CurrentUICulture)))
        {
            LogDropped(logger, kind);
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Too many account mail requests waiting: a {Kind} request was dropped"
    )]
    private static partial void LogDropped(ILogger logger, Kind kind);
}

/// <summary>Sends what <see cref="AnonymousAccountMail"/> queued, each in a scope of its own.</summary>
internal sealed partial class AnonymousAccountMailSender(
    AnonymousAccountMail mail,
    IServiceScopeFactory scopes,
    ILogger<AnonymousAccountMailSender> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in mail.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(request, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, request.Kind, ex);
            }
        }
    }

    private async Task SendAsync(AnonymousAccountMail.Item request, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(request.Email);
        if (user is null)
        {
            return;
        }

        var accountMail = services.GetRequiredService<AccountMail>();
        accountMail.RequestedFrom = request.Client;
        accountMail.RequestLanguage = request.Language;
        switch (request.Kind)
        {
            case AnonymousAccountMail.Kind.ResetLink:
                await accountMail.SendPasswordResetAsync(user, ct);
                break;
            case AnonymousAccountMail.Kind.ResetCode:
                // As Identity's API does: only to a confirmed address.
                if (await users.IsEmailConfirmedAsync(user))
                {
                    await accountMail.SendPasswordResetCodeAsync(user, ct);
                }

                break;
            case AnonymousAccountMail.Kind.Confirmation:
                if (!user.EmailConfirmed)
                {
                    await accountMail.SendConfirmationAsync(user, ct);
                }

                break;
            default:
                throw new InvalidOperationException($"Unknown account mail {request.Kind}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not queue a {Kind} account mail")]
    private static partial void LogFailed(ILogger logger, AnonymousAccountMail.Kind kind, Exception exception);
}

internal static class AnonymousAccountMailSetup
{
    public static IServiceCollection AddAnonymousAccountMail(this IServiceCollection services)
    {
        services.AddSingleton<AnonymousAccountMail>();
        services.AddHostedService<AnonymousAccountMailSender>();
        return services;
    }
}
