using Microsoft.Extensions.Localization;

namespace HouseholdApp.Common;

/// <summary>What every area says alike: how a moment is written, the answers every service gives.</summary>
public sealed class SharedTexts(IStringLocalizer<SharedTexts> localizer) : Texts(localizer)
{
    /// <summary>A .NET date and time pattern ("d MMM yyyy, HH:mm"); the zone's name follows it.</summary>
    public string DateTimePattern => Get(nameof(DateTimePattern));

    public string DatePattern => Get(nameof(DatePattern));
}
