using HouseholdApp.Common;
using Microsoft.Extensions.Localization;

namespace HouseholdApp.Components.Layout;

/// <summary>The app bar, the footer and the reconnect dialog around every page.</summary>
public sealed class LayoutTexts(IStringLocalizer<LayoutTexts> localizer) : Texts(localizer)
{
    public string SkipToContent => Get(nameof(SkipToContent));

    public string Menu => Get(nameof(Menu));

    public string MainNavigation => Get(nameof(MainNavigation));

    public string Households => Get(nameof(Households));

    public string SignOut => Get(nameof(SignOut));

    public string SignIn => Get(nameof(SignIn));

    public string CreateAccount => Get(nameof(CreateAccount));

    public string Footer => Get(nameof(Footer));

    public string PageFailed => Get(nameof(PageFailed));

    public string Reload => Get(nameof(Reload));

    public string Dismiss => Get(nameof(Dismiss));

    public string Theme(string mode) => Format(nameof(Theme), mode);

    public string ThemeSystem => Get(nameof(ThemeSystem));

    public string ThemeLight => Get(nameof(ThemeLight));

    public string ThemeDark => Get(nameof(ThemeDark));

    public string Language(string language) => Format(nameof(Language), language);

    public string ReconnectTitle => Get(nameof(ReconnectTitle));

    public string ReconnectRetrying => Get(nameof(ReconnectRetrying));

    public string ReconnectNextAttempt => Get(nameof(ReconnectNextAttempt));

    public string ReconnectSeconds => Get(nameof(ReconnectSeconds));

    public string ReconnectFailed => Get(nameof(ReconnectFailed));

    public string ReconnectTryAgain => Get(nameof(ReconnectTryAgain));

    public string ReconnectPaused => Get(nameof(ReconnectPaused));

    public string ReconnectResume => Get(nameof(ReconnectResume));

    public string ReconnectResumeFailed => Get(nameof(ReconnectResumeFailed));

    public string ReconnectReload => Get(nameof(ReconnectReload));
}
