using System.Globalization;
using Bunit;
using HouseholdApp.Components.Layout;
using HouseholdApp.Tests.Components;
using MudBlazor;

namespace HouseholdApp.Tests.Languages;

/// <summary>MudBlazor's own words (a close button's label) follow the reader's language through its localizer.
/// </summary>
public sealed class MudBlazorTextsTests
{
    [Theory]
    [InlineData("de", "Schließen")]
    [InlineData("en", "Close")]
    public async Task AnAlertsCloseButton_IsLabelledInTheReadersLanguage(string language, string label)
    {
        using var _ = LanguagePreference.Use(CultureInfo.GetCultureInfo(language));
        await using var ctx = ComponentTestContext.Create();

        var alert = ctx.Render<MudAlert>(p => p.Add(a => a.ShowCloseIcon, true).AddChildContent("Saved"));

        alert.Find("button").GetAttribute("aria-label").ShouldBe(label);
    }
}
