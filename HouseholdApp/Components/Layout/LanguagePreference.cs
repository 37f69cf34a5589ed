using System.Globalization;
using System.Security.Claims;
using HouseholdApp.Common;
using HouseholdApp.Data;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace HouseholdApp.Components.Layout;

/// <summary>
/// The language a request is answered in: the one chosen in the app bar (ASP.NET Core's culture cookie), else the
/// signed-in person's saved one, else the browser's <c>Accept-Language</c>, else English. Choosing a language while
/// signed in saves it to the profile, so a new device and every mail to the person use it too.
/// </summary>
public sealed partial class LanguagePreference(
    IDbContextFactory<AppDbContext> dbFactory,
    IMemoryCache cache,
    ILogger<LanguagePreference> logger
)
{
    /// <summary>The shipped languages; a translation adds its code here and its resource files (docs/translating.md).
    /// </summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "de"];

    public const string Default = "en";

    public const string ChoosePath = "/preferences/language";

    public const int MaxLength = 16;

    /// <summary>A shipped language's culture for a code or culture name ("de", "de-AT"); null for anything
    /// else.</summary>
    public static CultureInfo? Find(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return null;
        }

        var language = name.Split('-')[0].ToLowerInvariant();
        return Languages.Contains(language) ? CultureInfo.GetCultureInfo(language) : null;
    }

    /// <summary>The language a person saved, for their sessions on a new device and the mails they get; cached briefly
    /// per instance (a choice on this device reaches every instance at once through the cookie).</summary>
    public async Task<CultureInfo?> SavedAsync(string userId, CancellationToken ct)
    {
        var language = await cache.GetOrCreateAsync(CacheKey(userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await db.Users.Where(u => u.Id == userId).Select(u => u.Language).SingleOrDefaultAsync(ct);
        });
        return Find(language);
    }

    /// <summary>Runs the rest of a synchronous block in another language (a mail to someone else), then restores
    /// the request's.</summary>
    public static IDisposable Use(CultureInfo culture) => new CultureScope(culture);

    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo uiCulture = CultureInfo.CurrentUICulture;

        public CultureScope(CultureInfo language)
        {
            CultureInfo.CurrentCulture = language;
            CultureInfo.CurrentUICulture = language;
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }

    private async Task SaveAsync(string userId, string language, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, language), ct);
        cache.Remove(CacheKey(userId));
    }

    private static string CacheKey(string userId) => "language:" + userId;

    /// <summary>Reads the saved language for a signed-in request without a cookie. The database being down costs
    /// only the choice: the browser's language answers instead.</summary>
    private async Task<ProviderCultureResult?> FromProfileAsync(HttpContext context)
    {
        if (
            context.User.Identity?.IsAuthenticated != true
            || context.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId
        )
        {
            return null;
        }

        try
        {
            return await SavedAsync(userId, context.RequestAborted) is { } saved
                ? new ProviderCultureResult(saved.Name)
                : null;
        }
        catch (Exception exception) when (ErrorHandling.IsDatabaseUnavailable(exception))
        {
            LogDatabaseDown(exception.GetBaseException().Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The viewer's saved language could not be read: {Reason}")]
    private partial void LogDatabaseDown(string reason);

    internal static void Configure(RequestLocalizationOptions options)
    {
        var cultures = Languages.Select(CultureInfo.GetCultureInfo).ToList();
        options.DefaultRequestCulture = new RequestCulture(Default);
        options.SupportedCultures = cultures;
        options.SupportedUICultures = cultures;
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider(),
            new CustomRequestCultureProvider(context =>
                context.RequestServices.GetRequiredService<LanguagePreference>().FromProfileAsync(context)
            ),
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
    }

    /// <summary>The app bar's choice: a plain form post (it works on static pages and without JavaScript).</summary>
    internal static async Task<IResult> ChooseAsync(HttpContext context, LanguagePreference preference)
    {
        if (!context.Request.HasFormContentType)
        {
            return TypedResults.BadRequest();
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (Find(form["language"].ToString()) is { } culture)
        {
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions
                {
                    HttpOnly = true,
                    IsEssential = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = context.Request.IsHttps,
                    MaxAge = TimeSpan.FromDays(365),
                }
            );
            if (
                context.User.Identity?.IsAuthenticated == true
                && context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
            )
            {
                await preference.SaveAsync(userId, culture.Name, context.RequestAborted);
            }
        }

        return TypedResults.Redirect(ThemePreference.LocalOrHome(form["returnUrl"].ToString()));
    }
}

internal static class LanguageSetup
{
    public static WebApplicationBuilder AddLanguages(this WebApplicationBuilder builder)
    {
        builder.Services.AddTexts();
        builder.Services.AddSingleton<LanguagePreference>();
        builder.Services.Configure<RequestLocalizationOptions>(LanguagePreference.Configure);
        return builder;
    }

    /// <summary>After authentication: a signed-in person's saved language is one of the choices.</summary>
    public static WebApplication UseLanguages(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }

    public static WebApplication MapLanguagePreference(this WebApplication app)
    {
        // No antiforgery, as for the theme: a forged post can only switch the language (the cookies that would save it
        // to a profile are not sent on another site's post).
        app.MapPost(LanguagePreference.ChoosePath, LanguagePreference.ChooseAsync)
            .DisableAntiforgery()
            .ExcludeFromDescription();
        return app;
    }
}
