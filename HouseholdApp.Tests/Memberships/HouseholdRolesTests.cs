using HouseholdApp.Features.Memberships;

namespace HouseholdApp.Tests.Memberships;

public sealed class HouseholdRolesTests
{
    [Theory]
    [InlineData("Owner", HouseholdRole.Owner)]
    [InlineData("owner", HouseholdRole.Owner)]
    [InlineData(" Owner ", HouseholdRole.Owner)]
    [InlineData("MEMBER", HouseholdRole.Member)]
    [InlineData("\tmember\n", HouseholdRole.Member)]
    public void Parse_ReadsRoleNamesInAnyCaseIgnoringSurroundingSpace(string text, HouseholdRole expected) =>
        HouseholdRoles.Parse(text).ShouldBe(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("Admin")]
    [InlineData("Owner, Member")]
    [InlineData("Own er")]
    public void Parse_RefusesAnythingElse(string? text) => HouseholdRoles.Parse(text).ShouldBeNull();

    [Fact]
    public void Rank_PutsOwnersAboveMembers_WhateverTheirNamesSortAs() =>
        HouseholdRoles.Rank(HouseholdRole.Owner).ShouldBeGreaterThan(HouseholdRoles.Rank(HouseholdRole.Member));
}
