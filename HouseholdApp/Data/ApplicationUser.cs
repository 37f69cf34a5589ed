using Microsoft.AspNetCore.Identity;

namespace HouseholdApp.Data;

public sealed class ApplicationUser : IdentityUser
{
    /// <summary>How the person is shown to others (1–50 characters, trimmed); never their e-mail address.</summary>
    public string DisplayName { get; set; } = "";
}
