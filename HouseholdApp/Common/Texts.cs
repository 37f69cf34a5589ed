using Microsoft.Extensions.Localization;
using MudBlazor.Services;

namespace HouseholdApp.Common;

/// <summary>
/// The base of each area's texts: one member per sentence, read from the area's resources (<c>{Area}Texts.resx</c>
/// beside the class, <c>{Area}Texts.de.resx</c> in German) in the reader's language, the request's or circuit's
/// <see cref="System.Globalization.CultureInfo.CurrentUICulture"/>. A member's name is its resource key.
/// </summary>
public abstract class Texts(IStringLocalizer localizer)
{
    protected string Get(string key) => localizer[key];

    /// <summary>A sentence with values in it: <c>{0}</c>, <c>{1}</c>… in the resource, formatted in the
    /// culture.</summary>
    protected string Format(string key, params object[] values) => localizer[key, values];

    /// <summary>
    /// A sentence about a count: <c>{key}_one</c> or <c>{key}_other</c>, with the count as <c>{0}</c>. English and
    /// German use "one" for exactly 1 only; a language with more plural forms adds its rule here.
    /// </summary>
    protected string Plural(string key, long count, params object[] more) =>
        localizer[key + (count == 1 ? "_one" : "_other"), [count, .. more]];
}

internal static class TextsSetup
{
    /// <summary>Every area's texts. Singletons: a localizer reads the current culture at each call.</summary>
    public static IServiceCollection AddTexts(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddSingleton<ViewerTime>();
        services.AddSingleton<SharedTexts>();
        services.AddSingleton<Components.Layout.LayoutTexts>();
        services.AddSingleton<MudBlazor.MudLocalizer, Components.Layout.MudBlazorTexts>();
        // MudBlazor otherwise makes an interceptor, with a resource reader of its own, for every component it renders.
        // One serves them all: it reads the current culture at each call, as the texts do.
        services.AddSingleton(sp => new MudBlazor.DefaultLocalizationInterceptor(
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<MudBlazor.MudLocalizer>()
        ));
        services.AddLocalizationInterceptor(sp => sp.GetRequiredService<MudBlazor.DefaultLocalizationInterceptor>());
        services.AddSingleton<Features.Households.HouseholdTexts>();
        services.AddSingleton<Components.Account.AccountTexts>();
        services.AddSingleton<Components.Account.Pages.Manage.ManageTexts>();
        services.AddSingleton<Features.Admin.AdminTexts>();
        services.AddSingleton<Features.Email.EmailTexts>();
        services.AddSingleton<Features.Invites.InviteTexts>();
        services.AddSingleton<Features.Passkeys.PasskeyTexts>();
        return services;
    }
}
