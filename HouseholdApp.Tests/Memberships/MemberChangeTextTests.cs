using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;

namespace HouseholdApp.Tests.Memberships;

public sealed class MemberChangeTextTests
{
    [Theory]
    [InlineData(0, MemberChange.Leave, "your", null)]
    [InlineData(1, MemberChange.Leave, "your", "Your 1 pending invite link will be revoked.")]
    [InlineData(3, MemberChange.Remove, "Ben", "Ben’s 3 pending invite links will be revoked.")]
    [InlineData(2, MemberChange.StepDown, "Ana", "Ana’s 2 pending owner invite links will be revoked.")]
    public void RevokedLinksWarning_SaysHowManyLinksGo(int count, MemberChange change, string whose, string? expected) =>
        MemberChangeText.RevokedLinksWarning(count, change, whose).ShouldBe(expected);

    [Theory]
    [InlineData("Maple Street", true)]
    [InlineData("  Maple Street ", true)]
    [InlineData("maple street", false)]
    [InlineData("Maple", false)]
    [InlineData(null, false)]
    public void DeleteConfirmation_NeedsTheHouseholdsExactName(string? typed, bool matches) =>
        HouseholdDeletion.ConfirmationMatches(typed, "Maple Street").ShouldBe(matches);
}
