namespace HouseholdApp.Features.Memberships;

/// <summary>The one reading of role names, and the one order of roles (owners above members).</summary>
public static class HouseholdRoles
{
    /// <summary>
    /// The role names themselves, in any letter case and with surrounding white space ignored; never numbers or
    /// combinations, which <see cref="Enum.TryParse{TEnum}(string?, out TEnum)"/> would accept.
    /// </summary>
    public static HouseholdRole? Parse(string? value)
    {
        var name = value?.Trim();
        return string.Equals(name, nameof(HouseholdRole.Owner), StringComparison.OrdinalIgnoreCase)
                ? HouseholdRole.Owner
            : string.Equals(name, nameof(HouseholdRole.Member), StringComparison.OrdinalIgnoreCase)
                ? HouseholdRole.Member
            : null;
    }

    /// <summary>Higher is more: an owner outranks a member. Roles are stored as names, so never sort by the
    /// column.</summary>
    public static int Rank(HouseholdRole role) =>
        role switch
        {
            HouseholdRole.Owner => 1,
            HouseholdRole.Member => 0,
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
        };
}
