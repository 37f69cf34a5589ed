using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.Admin;

/// <summary>The instance's administration: the accounts listed in <c>Admin:Emails</c> reach <c>/admin</c>.</summary>
internal static class AdminSetup
{
    public const string PolicyName = "Admin";

    public static IHostApplicationBuilder AddAdministration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(Options.Create(AdminOptions.From(builder.Configuration)));
        builder.Services.AddSingleton<RegistrationModes>();
        builder.Services.AddScoped<AdminAccounts>();
        builder
            .Services.AddAuthorizationBuilder()
            .AddPolicy(PolicyName, policy => policy.RequireAuthenticatedUser().AddRequirements(new AdminRequirement()));
        builder.Services.AddSingleton<IAuthorizationHandler, AdminHandler>();
        return builder;
    }

    private sealed class AdminRequirement : IAuthorizationRequirement;

    /// <summary>Reads the address from the sign-in's claims, which a change of address refreshes.</summary>
    private sealed class AdminHandler(
        IOptions<AdminOptions> admins,
        IOptions<Microsoft.AspNetCore.Identity.IdentityOptions> identity
    ) : AuthorizationHandler<AdminRequirement>
    {
        protected override Task HandleRequirementAsync(
            AuthorizationHandlerContext context,
            AdminRequirement requirement
        )
        {
            if (admins.Value.IsAdmin(context.User.FindFirst(identity.Value.ClaimsIdentity.EmailClaimType)?.Value))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }
}
