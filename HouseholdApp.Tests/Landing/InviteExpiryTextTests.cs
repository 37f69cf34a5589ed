using HouseholdApp.Features.Invites.Landing;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Landing;

public sealed class InviteExpiryTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(7 * 24 * 60 - 1, "expires in 7 days")]
    [InlineData(6 * 24 * 60 + 11 * 60, "expires in 6 days")]
    [InlineData(30 * 24 * 60, "expires in 30 days")]
    [InlineData(25 * 60, "expires in 1 day")]
    [InlineData(60, "expires in 1 hour")]
    [InlineData(59, "expires in 59 minutes")]
    [InlineData(1, "expires in 1 minute")]
    public void Describe_SaysHowLongTheLinkStillWorks_InWords(int minutesLeft, string expected) =>
        InviteExpiryText.Describe(TextsInTests.Invites, Now.AddMinutes(minutesLeft), Now).ShouldBe(expected);

    [Fact]
    public void Describe_UnderAMinute_SaysLessThanAMinute() =>
        InviteExpiryText
            .Describe(TextsInTests.Invites, Now.AddSeconds(20), Now)
            .ShouldBe("expires in less than a minute");
}
