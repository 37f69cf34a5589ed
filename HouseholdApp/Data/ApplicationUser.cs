using Microsoft.AspNetCore.Identity;

namespace HouseholdApp.Data;

public sealed class ApplicationUser : IdentityUser
{
}
