using HouseholdApp.Common;
using HouseholdApp.Data;
using Microsoft.AspNetCore.Identity;

namespace HouseholdApp.Features.Email;

internal static partial class EmailSetup
{
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services
            .AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.Section)
            .Validate(
                o => !o.IsConfigured || MimeKit.MailboxAddress.TryParse(o.From, out _),
                "Email:From must be an e-mail address such as HouseholdApp <household@example.org>."
            )
            .Validate(o => o.Smtp.Port is > 0 and < 65536, "Email:Smtp:Port must be a TCP port (1-65535).")
            .ValidateOnStart();
        services.AddOptions<MailLimitOptions>().BindSettings(MailLimitOptions.Section);
        services.AddSingleton<MailRateLimiter>();
        services.AddHttpContextAccessor();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxBodyProtector>();
        services.AddSingleton<Mailer>();
        services.AddSingleton<EmailTemplates>();
        services.AddScoped<AccountMail>();
        services.AddSingleton<IEmailSender<ApplicationUser>, OutboxEmailSender>();
        services.AddHostedService<OutboxDelivery>();
        return builder;
    }
}
