using MudBlazor;

namespace HouseholdApp.Components.Layout;

/// <summary>
/// MudBlazor's palette with its status colours darkened (light) or lightened (dark) so that text on them, and
/// coloured text on the page, reaches WCAG AA contrast (4.5:1): the default success, warning and error colours do not.
/// </summary>
public static class HouseholdTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Secondary = "#6a6a80",
            Success = "#2e7d32",
            Warning = "#a85b00",
            WarningContrastText = "#ffffff",
            Error = "#c62828",
            Info = "#0b6bcb",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#a59dff",
            PrimaryContrastText = "#000000",
            Secondary = "#b8b8cc",
            TextSecondary = "rgba(255,255,255,0.72)",
            Success = "#a5d6a7",
            SuccessContrastText = "#000000",
            Warning = "#ffb74d",
            WarningContrastText = "#000000",
            Error = "#ff8a80",
            ErrorContrastText = "#000000",
            Info = "#90caf9",
            InfoContrastText = "#000000",
        },
    };
}
