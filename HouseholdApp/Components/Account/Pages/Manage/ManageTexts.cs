using HouseholdApp.Common;
using Microsoft.Extensions.Localization;

namespace HouseholdApp.Components.Account.Pages.Manage;

/// <summary>A person's own account: profile, e-mail, password, passkeys, two-factor, providers, sessions, their data.</summary>
public sealed class ManageTexts(IStringLocalizer<ManageTexts> localizer) : Texts(localizer)
{
}
