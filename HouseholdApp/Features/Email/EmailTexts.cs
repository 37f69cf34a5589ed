using HouseholdApp.Common;
using Microsoft.Extensions.Localization;

namespace HouseholdApp.Features.Email;

/// <summary>Every mail the app sends.</summary>
public sealed class EmailTexts(IStringLocalizer<EmailTexts> localizer) : Texts(localizer)
{
}
