using Microsoft.Extensions.Localization;

namespace HouseholdApp.Common;

/// <summary>What every area says alike: how a moment is written, the answers every service gives.</summary>
public sealed class SharedTexts(IStringLocalizer<SharedTexts> localizer) : Texts(localizer)
{
    /// <summary>A .NET date and time pattern ("d MMM yyyy, HH:mm"); the zone's name follows it.</summary>
    public string DateTimePattern => Get(nameof(DateTimePattern));

    public string DatePattern => Get(nameof(DatePattern));

    /// <summary>No signed-in user: the same answer from every service.</summary>
    public Error Unauthenticated => new(ErrorKind.Unauthorized, "unauthorized", Get(nameof(Unauthenticated)));

    /// <summary>A member (or non-owner) asked for something only owners may do: the same answer from every service.
    /// </summary>
    public Error OwnersOnly => new(ErrorKind.Forbidden, "forbidden", Get(nameof(OwnersOnly)));
}
