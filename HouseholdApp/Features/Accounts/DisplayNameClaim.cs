using System.Security.Claims;
using HouseholdApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.Accounts;

/// <summary>
/// Puts the display name into the sign-in cookie, so the app bar greets people by name without a query per page.
/// A rename on the profile page refreshes the cookie; elsewhere the name catches up when the cookie is revalidated.
/// </summary>
public sealed class DisplayNameClaim(
    UserManager<ApplicationUser> users,
    IOptions<IdentityOptions> options,
    IDbContextFactory<AppDbContext> dbFactory
) : UserClaimsPrincipalFactory<ApplicationUser>(users, options)
{
    public const string Type = "display_name";

    /// <summary>How the app names the signed-in person: the display name, else the sign-in name.</summary>
    public static string? Of(ClaimsPrincipal user) =>
        user.FindFirst(Type)?.Value is { Length: > 0 } name ? name : user.Identity?.Name;

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var name = user.DisplayName;
        if (string.IsNullOrEmpty(name))
        {
            // Just signed up without a name: the database gave it its default as the row went in (DisplayNames).
            await using var db = await dbFactory.CreateDbContextAsync();
            name = await db.Users.Where(u => u.Id == user.Id).Select(u => u.DisplayName).SingleOrDefaultAsync();
        }

        if (!string.IsNullOrEmpty(name))
        {
            identity.AddClaim(new Claim(Type, name));
        }

        return identity;
    }
}
