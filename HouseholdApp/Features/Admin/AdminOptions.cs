using HouseholdApp.Features.Accounts;

namespace HouseholdApp.Features.Admin;

/// <summary>
/// <c>Admin:Emails</c>: the accounts that administer the instance, as a list (<c>Admin:Emails:0</c>, …) or one value
/// separated by commas (<c>Admin__Emails=ada@example.org,bo@example.org</c>). Compared in canonical form.
/// </summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    public IReadOnlySet<string> Emails { get; private set; } = new HashSet<string>();

    public bool IsAdmin(string? email) => EmailAddresses.Normalize(email) is { } address && Emails.Contains(address);

    public static AdminOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section).GetSection("Emails");
        var values = section.Value is { } single
            ? single.Split([',', ';'], StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value);
        return new AdminOptions
        {
            Emails = values
                .Select(EmailAddresses.Normalize)
                .OfType<string>()
                .Where(e => e.Length > 0)
                .ToHashSet(StringComparer.OrdinalIgnoreCase),
        };
    }
}
