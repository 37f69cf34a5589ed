namespace HouseholdApp.Features.Memberships;

/// <summary>A member action that asks for confirmation before it happens.</summary>
public enum MemberAction
{
    None,
    Remove,
    Transfer,
}
