using HouseholdApp.Common;
using Microsoft.Extensions.Localization;

namespace HouseholdApp.Features.Households;

/// <summary>Households, their members and their history, and the home page.</summary>
public sealed class HouseholdTexts(IStringLocalizer<HouseholdTexts> localizer) : Texts(localizer)
{
}
