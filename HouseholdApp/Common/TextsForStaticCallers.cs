using HouseholdApp.Features.Households;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Common;

/// <summary>
/// Texts for static helpers that other areas still call without handing them texts (<see cref="NameRule.Check(string?)"/>,
/// <see cref="HouseholdAccess"/>, <see cref="Features.Activity.ActivityText"/>): the same resources, read in the current
/// culture at each call as the registered singletons are. Goes once every caller passes the injected texts.
/// </summary>
internal static class TextsForStaticCallers
{
    private static readonly ResourceManagerStringLocalizerFactory Factory =
        new(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);

    public static SharedTexts Shared { get; } = new(new StringLocalizer<SharedTexts>(Factory));

    public static HouseholdTexts Households { get; } = new(new StringLocalizer<HouseholdTexts>(Factory));
}
