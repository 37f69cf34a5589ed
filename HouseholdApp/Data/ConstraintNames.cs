namespace HouseholdApp.Data;

/// <summary>Names of database constraints that code maps to outcomes (e.g. a unique violation to
/// <c>email_taken</c>).</summary>
public static class ConstraintNames
{
    public const string UserEmailUnique = "ux_users_normalized_email";
    public const string UserNameUnique = "ux_users_normalized_user_name";
    public const string MembershipUnique = "ux_memberships_household_user";
    public const string InviteTokenHashUnique = "ux_invites_token_hash";
}
