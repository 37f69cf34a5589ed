using System.Security.Claims;
using Bunit;
using HouseholdApp.Features.Activity;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Components;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace HouseholdApp.Tests.Households;

/// <summary>The rename and delete dialogs and the owners' activity panel, rendered with bUnit against the real services
/// and database.</summary>
public sealed class HouseholdDialogTests(TestEnvironment env) : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly AsyncServiceScope scope = env.App.Services.CreateAsyncScope();

    [Fact]
    public async Task Rename_StartsFromTheCurrentName_SavesTheNewOne_AndClosesWithIt()
    {
        await using var ctx = Context();
        var (owner, household) = await OwnerAndHouseholdAsync("Maple flat");
        var (provider, reference) = await OpenRenameAsync(ctx, owner, household, "Maple flat");

        provider
            .WaitForElement("input[data-test=rename-household-name]", Patience)
            .GetAttribute("value")
            .ShouldBe("Maple flat");
        provider.Find("input[data-test=rename-household-name]").Input("  Oak Street house ");
        provider.Find("form").Submit();

        var result = await reference.Result.WaitAsync(Patience, Xunit.TestContext.Current.CancellationToken);
        result!.Data.ShouldBe("Oak Street house");
        await using var db = env.App.CreateDbContext();
        (
            await db.Households.SingleAsync(h => h.Id == household, Xunit.TestContext.Current.CancellationToken)
        ).Name.ShouldBe("Oak Street house");
    }

    [Fact]
    public async Task Rename_ToNothing_IsExplainedAtTheField_AndChangesNothing()
    {
        await using var ctx = Context();
        var (owner, household) = await OwnerAndHouseholdAsync("Maple flat");
        var (provider, _) = await OpenRenameAsync(ctx, owner, household, "Maple flat");

        provider.WaitForElement("input[data-test=rename-household-name]", Patience).Input("   ");
        provider.Find("form").Submit();

        provider.WaitForAssertion(
            () =>
                provider
                    .Find(".mud-input-helper-text.mud-input-error")
                    .Text()
                    .ShouldBe("Please give the household a name."),
            Patience
        );
        provider.FindAll("[role=dialog]").ShouldNotBeEmpty();
        await using var db = env.App.CreateDbContext();
        (
            await db.Households.SingleAsync(h => h.Id == household, Xunit.TestContext.Current.CancellationToken)
        ).Name.ShouldBe("Maple flat");
    }

    [Fact]
    public async Task Delete_IsEnabledOnlyOnceTheNameIsTyped_ThenDeletesTheHousehold()
    {
        await using var ctx = Context();
        var (owner, household) = await OwnerAndHouseholdAsync("Maple flat");
        var (provider, reference) = await OpenDeleteAsync(ctx, owner, household, "Maple flat");

        provider
            .WaitForElement("[data-test=delete-household-warning]", Patience)
            .Text()
            .ShouldContain("This deletes Maple flat for everyone");
        provider.Find("[data-test=confirm-delete-household]").HasAttribute("disabled").ShouldBeTrue();
        provider.Find("input[data-test=delete-household-name]").Input("maple flat");
        provider.Find("[data-test=confirm-delete-household]").HasAttribute("disabled").ShouldBeTrue();
        // Enter with a wrong name deletes nothing either.
        provider.Find("form").Submit();
        (await HouseholdExistsAsync(household)).ShouldBeTrue();

        provider.Find("input[data-test=delete-household-name]").Input(" Maple flat ");
        provider.WaitForAssertion(
            () => provider.Find("[data-test=confirm-delete-household]").HasAttribute("disabled").ShouldBeFalse(),
            Patience
        );
        // The Delete button submits the dialog's form (bUnit does not follow a submit button's form attribute).
        provider.Find("[data-test=confirm-delete-household]").GetAttribute("form").ShouldBe("delete-household-form");
        provider.Find("form").Submit();

        (
            await reference.Result.WaitAsync(Patience, Xunit.TestContext.Current.CancellationToken)
        )!.Canceled.ShouldBeFalse();
        (await HouseholdExistsAsync(household)).ShouldBeFalse();
    }

    [Fact]
    public async Task Delete_Cancelled_KeepsTheHousehold()
    {
        await using var ctx = Context();
        var (owner, household) = await OwnerAndHouseholdAsync("Maple flat");
        var (provider, reference) = await OpenDeleteAsync(ctx, owner, household, "Maple flat");

        provider.WaitForElement("[data-test=cancel-delete-household]", Patience).Click();

        (
            await reference.Result.WaitAsync(Patience, Xunit.TestContext.Current.CancellationToken)
        )!.Canceled.ShouldBeTrue();
        (await HouseholdExistsAsync(household)).ShouldBeTrue();
    }

    [Fact]
    public async Task Delete_ByAMember_IsRefusedInTheDialog()
    {
        await using var ctx = Context();
        var (owner, household) = await OwnerAndHouseholdAsync("Maple flat");
        var member = (await env.App.CreateUserAsync("member")).UserId;
        await env.App.AddMemberAsync(household, member, HouseholdRole.Member);
        var (provider, _) = await OpenDeleteAsync(ctx, member, household, "Maple flat");

        provider.WaitForElement("input[data-test=delete-household-name]", Patience).Input("Maple flat");
        provider.Find("form").Submit();

        provider.WaitForAssertion(
            () =>
                provider.Find("[data-test=delete-household-error]").Text().ShouldContain("Only the household's owners"),
            Patience
        );
        (await HouseholdExistsAsync(household)).ShouldBeTrue();
        owner.ShouldNotBe(member);
    }

    [Fact]
    public async Task ActivityPanel_ShowsOwnersWhatHappened_NewestFirst_InTheirTimeZone_AndMembersNothing()
    {
        var owner = await env.App.CreateUserAsync("owner");
        var household = await owner.CreateHouseholdAsync("Activity flat");
        await owner.CreateLinkAsync(
            household,
            new
            {
                expiresIn = "1d",
                maxUses = 1,
                role = "Member",
                label = "for Mum",
            }
        );
        var member = await env.App.CreateMemberAsync(owner, household);

        await using var ctx = Context();
        ctx.Services.AddSingleton(scope.ServiceProvider.GetRequiredService<ActivityService>());
        ctx.Services.AddSingleton(scope.ServiceProvider.GetRequiredService<HouseholdEvents>());
        ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var ownerPanel = RenderActivity(ctx, owner.UserId, household, tokyo);

        // Newest first: the member joined through a link of their own, made after the labelled one.
        ownerPanel.WaitForAssertion(() => ownerPanel.FindAll("[data-test=activity-entry]").Count.ShouldBe(3), Patience);
        var texts = ownerPanel.FindAll("[data-test=activity-text]").Select(e => e.Text()).ToList();
        texts[0].ShouldContain("joined through a link");
        texts[1].ShouldContain("created a link");
        texts[2].ShouldContain("created the link “for Mum”");
        ownerPanel.Find("[data-test=activity-time]").Text().ShouldEndWith("Asia/Tokyo");
        ownerPanel.Find("#activity-heading").Text().ShouldBe("Recent activity");

        var memberPanel = RenderActivity(ctx, member.UserId, household, tokyo);
        memberPanel.WaitForAssertion(() => memberPanel.Markup.Trim().ShouldBeEmpty(), Patience);
    }

    private IRenderedComponent<CascadingValue<TimeZoneInfo>> RenderActivity(
        BunitContext ctx,
        string userId,
        Guid household,
        TimeZoneInfo zone
    )
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"));
        var state = Task.FromResult(new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(principal));
        return ctx.Render<CascadingValue<TimeZoneInfo>>(p =>
            p.Add(c => c.Value, zone)
                .AddChildContent<
                    CascadingValue<Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>>
                >(c =>
                    c.Add(x => x.Value, state).AddChildContent<ActivityPanel>(a => a.Add(x => x.HouseholdId, household))
                )
        );
    }

    private async Task<bool> HouseholdExistsAsync(Guid household)
    {
        await using var db = env.App.CreateDbContext();
        return await db.Households.AnyAsync(h => h.Id == household, Xunit.TestContext.Current.CancellationToken);
    }

    private BunitContext Context()
    {
        var ctx = ComponentTestContext.Create();
        ctx.Services.AddSingleton(scope.ServiceProvider.GetRequiredService<HouseholdService>());
        return ctx;
    }

    private async Task<(string OwnerId, Guid HouseholdId)> OwnerAndHouseholdAsync(string name)
    {
        var owner = (await env.App.CreateUserAsync("owner")).UserId;
        var household = await env.App.CreateHouseholdAsync(name, (owner, HouseholdRole.Owner));
        return (owner, household);
    }

    private static Task<(IRenderedComponent<CascadingValue<TimeZoneInfo>>, IDialogReference)> OpenRenameAsync(
        BunitContext ctx,
        string userId,
        Guid household,
        string name
    ) =>
        OpenAsync<RenameHouseholdDialog>(
            ctx,
            new DialogParameters<RenameHouseholdDialog>
            {
                { d => d.HouseholdId, household },
                { d => d.UserId, userId },
                { d => d.CurrentName, name },
            }
        );

    private static Task<(IRenderedComponent<CascadingValue<TimeZoneInfo>>, IDialogReference)> OpenDeleteAsync(
        BunitContext ctx,
        string userId,
        Guid household,
        string name
    ) =>
        OpenAsync<DeleteHouseholdDialog>(
            ctx,
            new DialogParameters<DeleteHouseholdDialog>
            {
                { d => d.HouseholdId, household },
                { d => d.UserId, userId },
                { d => d.HouseholdName, name },
            }
        );

    private static async Task<(IRenderedComponent<CascadingValue<TimeZoneInfo>>, IDialogReference)> OpenAsync<TDialog>(
        BunitContext ctx,
        DialogParameters parameters
    )
        where TDialog : IComponent
    {
        var provider = ctx.RenderDialogProvider();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        IDialogReference reference = null!;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<TDialog>("Household", parameters));
        return (provider, reference);
    }

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
