using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Accounts;
using HouseholdApp.Features.Passkeys;
using HouseholdApp.Features.Sessions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace HouseholdApp.Components.Account;

public enum RegistrationMode
{
    Open,
    InviteOnly,
}

public sealed class RegistrationOptions
{
    public const string Section = "Registration";

    public RegistrationMode Mode { get; set; } = RegistrationMode.Open;
}

internal static class AccountSetup
{
    private const string PagesOrApiScheme = "PagesOrApi";

    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RegistrationOptions>().BindConfiguration(RegistrationOptions.Section);

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        // Pages authenticate with the Identity cookie, the JSON API with bearer tokens only; both only while their
        // server-side session lives.
        services
            .AddAuthentication(o =>
            {
                o.DefaultScheme = PagesOrApiScheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(PagesOrApiScheme, null, o =>
                o.ForwardDefaultSelector = ctx =>
                    ctx.Request.Path.StartsWithSegments(ApiSetup.Prefix)
                        ? SessionSetup.BearerScheme
                        : IdentityConstants.ApplicationScheme
            )
            .AddBearerToken(IdentityConstants.BearerScheme)
            .AddIdentityCookies();
        services.AddSessions();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "HouseholdApp.Auth";
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnRedirectToLogin = ctx =>
                ApiAwareRedirect(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx =>
                ApiAwareRedirect(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status403Forbidden);
        });

        var requireConfirmed = builder.Configuration.GetValue("Identity:RequireConfirmedAccount", false);
        services
            .AddIdentityCore<ApplicationUser>(o =>
            {
                o.SignIn.RequireConfirmedAccount = requireConfirmed;
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = PasswordPolicy.MinLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                // Version 3 adds the passkeys table (asp_net_user_passkeys).
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddUserStore<AccountUserStore>()
            .AddUserManager<AccountUserManager>()
            .AddPasswordValidator<PasswordPolicy>()
            .AddUserValidator<EmailAddressRules>()
            .AddErrorDescriber<AccountErrorDescriber>()
            .AddClaimsPrincipalFactory<DisplayNameClaim>()
            .AddDefaultTokenProviders()
            .AddApiEndpoints()
            // After AddApiEndpoints, which registers the plain sign-in manager.
            .AddSignInManager<SessionSignInManager>();

        services.AddPasskeys();
        services.AddSingleton<ILookupNormalizer, AccountLookupNormalizer>();
        services.AddScoped<ProfileService>();
        services.AddScoped<AccountDeletionService>();
        services.AddScoped<AccountDeletionCheck>();
        services.AddScoped<PersonalDataService>();
        services.AddScoped<AccountRegistration>();
        services.AddAnonymousAccountMail();
        services.AddAccountRateLimiting(builder.Configuration);
        return builder;
    }

    public static WebApplication MapAccounts(this WebApplication app)
    {
        app.MapAdditionalIdentityEndpoints();
        app.MapPasskeyEndpoints();
        // Identity's endpoints, through public extension points only: filters on their route group see each typed
        // request (RegisterRequest, LoginRequest, ...) before Identity does.
        app.MapGroup(ApiSetup.Prefix + "/account")
            .MapIdentityApi<ApplicationUser>()
            .RequireRateLimiting(AccountRateLimiting.PolicyName)
            .AddEndpointFilter(AccountApiFilters.IdentityMessagesAsync)
            .AddEndpointFilter(AccountApiFilters.ValidateAddressesAsync)
            .AddEndpointFilter(AccountApiFilters.RegistrationModeAsync)
            .AddEndpointFilter(AccountApiFilters.ConfirmationLinkAsync)
            .AddEndpointFilter(AccountApiPrivacy.FilterAsync)
            .AddEndpointFilter(SessionSetup.RefreshFilterAsync);
        app.MapSessionEndpoints(ApiSetup.Prefix + "/account");
        return app;
    }

    private static Task ApiAwareRedirect(HttpContext context, string redirectUri, int apiStatus)
    {
        if (context.Request.Path.StartsWithSegments(ApiSetup.Prefix))
        {
            context.Response.StatusCode = apiStatus;
        }
        else
        {
            context.Response.Redirect(redirectUri);
        }

        return Task.CompletedTask;
    }
}
