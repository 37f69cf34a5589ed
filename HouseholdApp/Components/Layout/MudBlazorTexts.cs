using Microsoft.Extensions.Localization;
using MudBlazor;

namespace HouseholdApp.Components.Layout;

/// <summary>
/// MudBlazor's own words (a close button's label, a required field's message) in the reader's language, through
/// MudBlazor's public <see cref="MudLocalizer"/>. Keys are MudBlazor's; for a key missing here MudBlazor keeps its
/// English, which the pseudo-locale test catches for the components the app uses.
/// </summary>
public sealed class MudBlazorTexts(IStringLocalizer<MudBlazorTexts> localizer) : MudLocalizer
{
    public override LocalizedString this[string key] => localizer[key];

    public override LocalizedString this[string key, params object[] arguments] => localizer[key, arguments];
}
