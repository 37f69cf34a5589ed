using System.Globalization;
using HouseholdApp.Common;
using HouseholdApp.Components.Layout;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Memberships;

public sealed class MemberChangeTextTests
{
    private static HouseholdTexts Texts => TextsInTests.Households;

    [Theory]
    [InlineData(0, MemberChange.Leave, null, null)]
    [InlineData(1, MemberChange.Leave, null, "Your 1 pending invite link will be revoked.")]
    [InlineData(3, MemberChange.Remove, "Ben", "Ben’s 3 pending invite links will be revoked.")]
    [InlineData(2, MemberChange.StepDown, "Ana", "Ana’s 2 pending owner invite links will be revoked.")]
    [InlineData(2, MemberChange.StepDown, null, "Your 2 pending owner invite links will be revoked.")]
    public void RevokedLinksWarning_SaysHowManyLinksGo(
        int count,
        MemberChange change,
        string? whose,
        string? expected
    ) => MemberChangeText.RevokedLinksWarning(Texts, count, change, whose).ShouldBe(expected);

    [Theory]
    [InlineData(1, MemberChange.Leave, null, "Dein offener Einladungslink wird widerrufen.")]
    [InlineData(3, MemberChange.Leave, null, "Deine 3 offenen Einladungslinks werden widerrufen.")]
    [InlineData(1, MemberChange.Remove, "Ben", "Der offene Einladungslink von Ben wird widerrufen.")]
    [InlineData(
        3,
        MemberChange.StepDown,
        "Ana",
        "Die 3 offenen Einladungslinks für Eigentümer von Ana werden widerrufen."
    )]
    public void RevokedLinksWarning_InGerman_CountsInTheRightForm(
        int count,
        MemberChange change,
        string? whose,
        string expected
    )
    {
        using (LanguagePreference.Use(CultureInfo.GetCultureInfo("de")))
        {
            MemberChangeText.RevokedLinksWarning(Texts, count, change, whose).ShouldBe(expected);
        }
    }

    [Theory]
    [InlineData("Maple Street", true)]
    [InlineData("  Maple Street ", true)]
    [InlineData("maple street", false)]
    [InlineData("Maple", false)]
    [InlineData(null, false)]
    public void DeleteConfirmation_NeedsTheHouseholdsExactName(string? typed, bool matches) =>
        HouseholdDeletion.ConfirmationMatches(typed, "Maple Street").ShouldBe(matches);
}
