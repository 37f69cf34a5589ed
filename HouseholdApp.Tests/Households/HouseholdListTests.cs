using Bunit;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Components;

namespace HouseholdApp.Tests.Households;

public sealed class HouseholdListTests
{
    [Fact]
    public async Task NoHouseholds_SaysHowToGetOne()
    {
        await using var ctx = ComponentTestContext.Create();

        var list = ctx.Render<HouseholdList>(p => p.Add(c => c.Households, []).Add(c => c.CreateFormBelow, true));
        var elsewhere = ctx.Render<HouseholdList>(p => p.Add(c => c.Households, []));

        list.Find("[data-test=no-households]")
            .Text()
            .ShouldContain("Create one below, or open an invite link someone sent you.");
        elsewhere.Find("[data-test=no-households]").Text().ShouldNotContain("below");
        elsewhere.Find("[data-test=no-households-create]").GetAttribute("href").ShouldBe("households#create");
        list.FindAll("[data-test=household-link]").ShouldBeEmpty();
    }

    [Fact]
    public async Task Households_AreLinksToTheirPages_WithMemberCountAndRole()
    {
        await using var ctx = ComponentTestContext.Create();
        var flat = new HouseholdSummary(Guid.NewGuid(), "Maple flat", HouseholdRole.Owner, 1);
        var house = new HouseholdSummary(Guid.NewGuid(), "Birch house", HouseholdRole.Member, 3);

        var list = ctx.Render<HouseholdList>(p => p.Add(c => c.Households, [flat, house]));

        var items = list.FindAll("[data-test=household-item]");
        items.Count.ShouldBe(2);
        items[0].QuerySelector("[data-test=household-link]")!.Text().ShouldBe("Maple flat");
        items[0].QuerySelector("[data-test=household-link]")!.GetAttribute("href").ShouldBe($"households/{flat.Id}");
        items[0].QuerySelector("[data-test=household-member-count]")!.Text().ShouldBe("1 member");
        items[0].QuerySelector("[data-test=role-badge]")!.Text().ShouldBe("Owner");
        items[1].QuerySelector("[data-test=household-member-count]")!.Text().ShouldBe("3 members");
        items[1].QuerySelector("[data-test=role-badge]")!.Text().ShouldBe("Member");
    }
}
