using HouseholdApp.Common;
using Microsoft.Extensions.Localization;

namespace HouseholdApp.Features.Admin;

/// <summary>The instance's administration page.</summary>
public sealed class AdminTexts(IStringLocalizer<AdminTexts> localizer) : Texts(localizer)
{
}
