using System.Security.Claims;
using HouseholdApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.Accounts;

/// <summary>
/// Puts the display name into the sign-in cookie, so the app bar greets people by name without a query per page.
/// A rename on the profile page refreshes the cookie; elsewhere the name catches up when the cookie is revalidated.
/// </summary>
public sealed class DisplayNameClaim(UserManager<ApplicationUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser>(users, options)
{
    public const string Type = "display_name";

    /// <summary>How the app names the signed-in person: the display name, else the sign-in name.</summary>
    public static string? Of(ClaimsPrincipal user) =>
        user.FindFirst(Type)?.Value is { Length: > 0 } name ? name : user.Identity?.Name;

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            identity.AddClaim(new Claim(Type, user.DisplayName));
        }

        return identity;
    }
}
