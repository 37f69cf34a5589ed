using HouseholdApp.Common;
using Microsoft.Extensions.Localization;

namespace HouseholdApp.Components.Account;

/// <summary>Signing up, signing in and getting back in: the account pages before Manage, and Identity's messages.</summary>
public sealed class AccountTexts(IStringLocalizer<AccountTexts> localizer) : Texts(localizer)
{
}
