using HouseholdApp.Components.Account.Pages.Manage;

namespace HouseholdApp.Features.Sessions;

/// <summary>
/// "Chrome on Linux" from a stored user agent, for the sessions list, in the reader's language. It knows the common
/// browsers and systems by the tokens they announce and claims nothing more: anything else is an API client or an
/// unknown device. Browser and system names are product names, the same in every language.
/// </summary>
public static class SessionDevice
{
    // Order matters: Edge and Opera also announce Chrome, Chrome also Safari, Android also Linux, iOS also Mac OS X.
    private static readonly (string Token, string Name)[] Browsers =
    [
        ("Edg/", "Edge"),
        ("Edge/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("CriOS/", "Chrome"),
        ("Safari/", "Safari"),
    ];

    private static readonly (string Token, string Name)[] Systems =
    [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("CrOS", "ChromeOS"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ];

    public static string Describe(string? userAgent, SessionKind kind, ManageTexts texts)
    {
        var browser = Find(Browsers, userAgent);
        var system = Find(Systems, userAgent);
        return (browser, system) switch
        {
            ({ } b, { } s) => texts.DeviceOn(b, s),
            ({ } b, null) => b,
            _ => kind == SessionKind.Api ? texts.ApiClient : texts.UnknownDevice,
        };
    }

    private static string? Find((string Token, string Name)[] names, string? userAgent) =>
        userAgent is null
            ? null
            : names.FirstOrDefault(n => userAgent.Contains(n.Token, StringComparison.Ordinal)).Name;
}
