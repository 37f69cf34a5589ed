using MudBlazor;

namespace HouseholdApp.Components.Layout;

/// <summary>The app's colours, light and dark. Every text colour keeps a contrast of at least 4.5:1 on its
/// surface.</summary>
public static class AppTheme
{
    public static MudTheme Theme { get; } =
        new()
        {
            PaletteLight = new PaletteLight
            {
                Primary = "#1f5f8b",
                PrimaryDarken = "#164766",
                Secondary = "#5c5470",
                Background = "#f6f8fb",
                Surface = "#ffffff",
                AppbarBackground = "#ffffff",
                AppbarText = "#1c2733",
                TextPrimary = "#1c2733",
                TextSecondary = "#4a5563",
                Error = "#b3261e",
                Success = "#1e6b3a",
                Info = "#1f5f8b",
                Warning = "#8a5300",
                WarningContrastText = "#ffffff",
                LinesInputs = "#6b7685",
            },
            PaletteDark = new PaletteDark
            {
                Primary = "#8ec5f0",
                PrimaryContrastText = "#0d1b26",
                Secondary = "#c9bfe6",
                Background = "#121820",
                Surface = "#1b232d",
                AppbarBackground = "#1b232d",
                AppbarText = "#e6edf3",
                TextPrimary = "#e6edf3",
                TextSecondary = "#b4c0cc",
                // Light colours on a dark surface: text on them (filled chips and buttons) is dark, not white.
                Error = "#ffb4ab",
                ErrorContrastText = "#0d1b26",
                Success = "#8fd6a4",
                SuccessContrastText = "#0d1b26",
                Info = "#8ec5f0",
                InfoContrastText = "#0d1b26",
                Warning = "#f2c26b",
                WarningContrastText = "#0d1b26",
                LinesInputs = "#8a96a3",
            },
            LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
            // Sentence case on buttons: names and e-mail addresses on them must read as written.
            Typography = new Typography
            {
                Button = new ButtonTypography { TextTransform = "none", FontWeight = "500" },
            },
        };
}
