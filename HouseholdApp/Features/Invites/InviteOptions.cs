namespace HouseholdApp.Features.Invites;

public sealed class InviteOptions
{
    public const string Section = "Invites";

    /// <summary>How many usable invites one household may have at once.</summary>
    public int MaxActivePerHousehold { get; set; } = 20;
}
