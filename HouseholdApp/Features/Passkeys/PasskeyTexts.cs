using HouseholdApp.Common;
using Microsoft.Extensions.Localization;

namespace HouseholdApp.Features.Passkeys;

/// <summary>What the passkey endpoints answer for an account's own passkey (the invite's: <see
/// cref="Invites.InviteTexts"/>).</summary>
public sealed class PasskeyTexts(IStringLocalizer<PasskeyTexts> localizer) : Texts(localizer)
{
    public string SignInAgain => Get(nameof(SignInAgain));
}
