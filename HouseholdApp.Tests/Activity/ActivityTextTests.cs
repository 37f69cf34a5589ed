using HouseholdApp.Features.Activity;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Activity;

public sealed class ActivityTextTests
{
    private static HouseholdTexts Texts => TextsInTests.Households;

    private static readonly ActivityPerson Ana = new("a", "Ana");
    private static readonly ActivityPerson Ben = new("b", "Ben");

    private static ActivityEntry Entry(
        ActivityKind kind,
        ActivityPerson? actor = null,
        ActivityPerson? subject = null,
        Guid? invite = null,
        string? label = null,
        HouseholdRole? role = null,
        InviteRevokedReason? reason = null
    ) => new(Guid.NewGuid(), kind, DateTimeOffset.UnixEpoch, actor, subject, invite, label, role, reason);

    [Fact]
    public void Describe_WordsEveryKind()
    {
        var link = Guid.NewGuid();
        ActivityText
            .Describe(Entry(ActivityKind.Joined, Ana, invite: link, label: "for Mum"), Texts)
            .ShouldBe("Ana joined through the link “for Mum”");
        ActivityText
            .Describe(Entry(ActivityKind.Joined, Ana, invite: link), Texts)
            .ShouldBe("Ana joined through a link");
        ActivityText.Describe(Entry(ActivityKind.Left, Ana), Texts).ShouldBe("Ana left the household");
        ActivityText.Describe(Entry(ActivityKind.Removed, Ana, Ben), Texts).ShouldBe("Ana removed Ben");
        ActivityText
            .Describe(Entry(ActivityKind.RoleChanged, Ana, Ben, role: HouseholdRole.Member), Texts)
            .ShouldBe("Ana made Ben a member");
        ActivityText
            .Describe(Entry(ActivityKind.RoleChanged, Ana, Ana, role: HouseholdRole.Member), Texts)
            .ShouldBe("Ana stepped down to member");
        ActivityText
            .Describe(Entry(ActivityKind.LinkCreated, Ana, invite: link, role: HouseholdRole.Owner), Texts)
            .ShouldBe("Ana created a link for owners");
        ActivityText
            .Describe(
                Entry(ActivityKind.LinkRevoked, Ana, invite: link, reason: InviteRevokedReason.RevokedByOwner),
                Texts
            )
            .ShouldBe("Ana revoked a link");
        ActivityText
            .Describe(
                Entry(
                    ActivityKind.LinkRevoked,
                    Ana,
                    invite: link,
                    label: "x",
                    reason: InviteRevokedReason.CreatorRemoved
                ),
                Texts
            )
            .ShouldBe("The link “x” was revoked: its creator was removed from the household");
    }

    [Fact]
    public void Describe_APersonWhoseAccountIsGone_IsAFormerMember() =>
        ActivityText
            .Describe(Entry(ActivityKind.Removed, null, null), Texts)
            .ShouldBe("A former member removed a former member");
}
