using HouseholdApp.Features.Activity;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;

namespace HouseholdApp.Tests.Activity;

public sealed class ActivityTextTests
{
    private static readonly ActivityPerson Ana = new("a", "Ana");
    private static readonly ActivityPerson Ben = new("b", "Ben");

    private static ActivityEntry Entry(ActivityKind kind, ActivityPerson? actor = null, ActivityPerson? subject = null, Guid? invite = null,
        string? label = null, HouseholdRole? role = null, InviteRevokedReason? reason = null) =>
        new(Guid.NewGuid(), kind, DateTimeOffset.UnixEpoch, actor, subject, invite, label, role, reason);

    [Fact]
    public void Describe_WordsEveryKind()
    {
        var link = Guid.NewGuid();
        ActivityText.Describe(Entry(ActivityKind.Joined, Ana, invite: link, label: "for Mum")).ShouldBe("Ana joined through the link “for Mum”");
        ActivityText.Describe(Entry(ActivityKind.Joined, Ana, invite: link)).ShouldBe("Ana joined through a link");
        ActivityText.Describe(Entry(ActivityKind.Left, Ana)).ShouldBe("Ana left the household");
        ActivityText.Describe(Entry(ActivityKind.Removed, Ana, Ben)).ShouldBe("Ana removed Ben");
        ActivityText.Describe(Entry(ActivityKind.RoleChanged, Ana, Ben, role: HouseholdRole.Member)).ShouldBe("Ana made Ben a member");
        ActivityText.Describe(Entry(ActivityKind.RoleChanged, Ana, Ana, role: HouseholdRole.Member)).ShouldBe("Ana stepped down to member");
        ActivityText.Describe(Entry(ActivityKind.LinkCreated, Ana, invite: link, role: HouseholdRole.Owner)).ShouldBe("Ana created a link for owners");
        ActivityText.Describe(Entry(ActivityKind.LinkRevoked, Ana, invite: link, reason: InviteRevokedReason.RevokedByOwner)).ShouldBe("Ana revoked a link");
        ActivityText.Describe(Entry(ActivityKind.LinkRevoked, Ana, invite: link, label: "x", reason: InviteRevokedReason.CreatorRemoved))
            .ShouldBe("The link “x” was revoked: its creator was removed from the household");
    }

    [Fact]
    public void Describe_APersonWhoseAccountIsGone_IsAFormerMember() =>
        ActivityText.Describe(Entry(ActivityKind.Removed, null, null)).ShouldBe("A former member removed a former member");

    [Theory]
    [InlineData(InviteRevokedReason.RevokedByOwner, "Revoked — revoked by an owner")]
    [InlineData(InviteRevokedReason.CreatorLeft, "Revoked — its creator left the household")]
    [InlineData(InviteRevokedReason.CreatorRemoved, "Revoked — its creator was removed from the household")]
    [InlineData(InviteRevokedReason.CreatorDemoted, "Revoked — its creator is no longer an owner")]
    public void InviteStatusText_GivesTheRevocationReasonInWords(InviteRevokedReason reason, string expected)
    {
        var invite = new InviteSummary(Guid.NewGuid(), InviteState.Revoked, HouseholdRole.Member, 1, 0, DateTimeOffset.UnixEpoch,
            DateTimeOffset.UnixEpoch.AddDays(1), "Ana", DateTimeOffset.UnixEpoch, [], reason);

        InviteDisplay.StatusText(invite).ShouldBe(expected);
    }

    [Fact]
    public void InviteStatusText_OfAUsedUpLink_IsUsedUp()
    {
        var invite = new InviteSummary(Guid.NewGuid(), InviteState.Used, HouseholdRole.Member, 1, 1, DateTimeOffset.UnixEpoch,
            DateTimeOffset.UnixEpoch.AddDays(1), "Ana", null, []);

        InviteDisplay.StatusText(invite).ShouldBe("Used up");
    }
}
