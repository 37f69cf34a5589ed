using Bunit;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Components;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Memberships;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace HouseholdApp.Tests.InvitesPanel;

/// <summary>The create-invite dialog opened through IDialogService, against the real invite service and
/// database.</summary>
public sealed class CreateInviteDialogTests(TestEnvironment env) : IAsyncDisposable
{
    // Each step talks to the real database on a loaded machine: wait generously.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly AsyncServiceScope scope = env.App.Services.CreateAsyncScope();

    [Fact]
    public async Task Opens_WithSensibleDefaults_AndLabelledFields()
    {
        await using var ctx = Context();
        var (provider, _) = await OpenAsync(ctx, await OwnerAndHouseholdAsync());

        provider.WaitForElement("[data-test=create-invite-dialog]", Patience);
        provider.Find("[role=dialog]").Text().ShouldContain("Create an invite link");
        provider.Find("input[data-test=invite-expiry-7d]").HasAttribute("checked").ShouldBeTrue();
        provider.Find("input[data-test=invite-role-member]").HasAttribute("checked").ShouldBeTrue();
        provider.Find("input[data-test=invite-uses]").GetAttribute("value").ShouldBe("1");
        provider.FindAll("label").Select(l => l.Text()).ShouldContain("Number of uses");
        provider.Find("[data-test=invite-expiry]").GetAttribute("aria-labelledby").ShouldBe("invite-expiry-label");
        provider.Find("#invite-expiry-label").Text().ShouldBe("Link works for");
        provider.Find("[data-test=invite-expiry]").Text().ShouldBe("1 hour 1 day 7 days 30 days");
    }

    [Fact]
    public async Task AnImpossibleNumberOfUses_IsExplainedAtTheField_AndCreatesNothing()
    {
        await using var ctx = Context();
        var (owner, household) = await OwnerAndHouseholdAsync();
        var created = 0;
        var (provider, _) = await OpenAsync(ctx, (owner, household), () => created++);

        provider.WaitForElement("input[data-test=invite-uses]", Patience).Input("500");
        provider.Find("form").Submit();

        provider.WaitForAssertion(
            () => provider.Find(".mud-input-helper-text.mud-input-error").Text().ShouldContain("between 1 and 100"),
            Patience
        );
        provider.Find("input[data-test=invite-uses]").GetAttribute("aria-invalid").ShouldBe("true");
        provider.FindAll("textarea[data-test=invite-link]").ShouldBeEmpty();
        created.ShouldBe(0);
        await using var db = env.App.CreateDbContext();
        db.Set<Invite>().Count(i => i.HouseholdId == household).ShouldBe(0);
    }

    [Fact]
    public async Task Creating_ShowsTheFullLinkWithItsHost_TheQrCode_AndWhatTheLinkDoes_AndTellsTheCaller()
    {
        await using var ctx = Context();
        var module = ctx.JSInterop.SetupModule(ComponentTestContext.PageModule);
        var select = module.Setup<bool>("selectAll", _ => true);
        select.SetResult(true);
        var created = 0;
        var (provider, _) = await OpenAsync(ctx, await OwnerAndHouseholdAsync(), () => created++);

        provider.WaitForElement("[data-test=invite-uses]", Patience);
        provider.Find("input[data-test=invite-uses]").Input("3");
        provider.Find("input[data-test=invite-role-owner]").Click();
        provider.Find("form").Submit();

        var link = provider.WaitForElement("textarea[data-test=invite-link]", Patience).GetAttribute("value")!;
        var publicUrl = scope.ServiceProvider.GetRequiredService<HouseholdApp.Common.PublicUrl>().Base;
        link.ShouldStartWith(new Uri(publicUrl, "invites/").ToString());
        link[(link.LastIndexOf('/') + 1)..].Length.ShouldBe(43);
        // The title is rendered by MudBlazor's dialog container, which re-renders a moment after the content.
        provider.WaitForAssertion(
            () => provider.Find("[role=dialog]").Text().ShouldContain("Your invite link"),
            Patience
        );
        provider.Find("[role=dialog]").Text().ShouldContain($"Opens {publicUrl.Authority}.");
        provider.Find("[data-test=invite-link-summary]").Text().ShouldStartWith("Works for 7 days (until ");
        provider.Find("[data-test=invite-link-summary]").Text().ShouldEndWith("for up to 3 people, who join as Owner.");
        provider.Find("[data-test=invite-qr]").GetAttribute("src")!.ShouldStartWith("data:image/svg+xml;base64,");
        provider.Find("[data-test=invite-qr]").GetAttribute("alt").ShouldBe("QR code of the invite link");
        created.ShouldBe(1);
        provider.WaitForAssertion(
            () => select.Invocations.Select(i => i.Arguments[0]).ShouldContain(CreateInviteDialog.LinkInput),
            Patience
        );
    }

    [Fact]
    public async Task ALabel_IsSavedWithTheLink()
    {
        await using var ctx = Context();
        var (owner, household) = await OwnerAndHouseholdAsync();
        var (provider, _) = await OpenAsync(ctx, (owner, household));

        provider.WaitForElement("input[data-test=invite-label]", Patience).Input("  for Mum ");
        provider.FindAll("label").Select(l => l.Text()).ShouldContain("Label (optional)");
        provider.Find("form").Submit();

        provider.WaitForElement("textarea[data-test=invite-link]", Patience);
        await using var db = env.App.CreateDbContext();
        db.Set<Invite>().Single(i => i.HouseholdId == household).Label.ShouldBe("for Mum");
    }

    [Theory]
    [InlineData(true, "Copied")]
    [InlineData(
        false,
        "Your browser did not allow copying. The link is selected: press Ctrl+C (⌘+C on a Mac) to copy it."
    )]
    public async Task Copy_SaysWhatHappened(bool clipboardTookIt, string shown)
    {
        await using var ctx = Context();
        var module = ctx.JSInterop.SetupModule(ComponentTestContext.PageModule);
        module.Setup<bool>("copyFromInput", _ => true).SetResult(clipboardTookIt);
        var (provider, _) = await OpenAsync(ctx, await OwnerAndHouseholdAsync());
        provider.WaitForElement("form", Patience).Submit();
        provider.WaitForElement("[data-test=copy-invite-link]", Patience);

        provider.Find("[data-test=copy-invite-link]").Click();

        provider.WaitForAssertion(
            () => provider.Find("[data-test=copy-confirmation]").Text().ShouldBe(shown),
            Patience
        );
        provider.Find("[data-test=copy-confirmation]").GetAttribute("role").ShouldBe("status");
    }

    [Fact]
    public async Task Done_ClosesTheDialog_AndTheLinkIsGone()
    {
        await using var ctx = Context();
        var (provider, reference) = await OpenAsync(ctx, await OwnerAndHouseholdAsync());
        provider.WaitForElement("form", Patience).Submit();
        var link = provider.WaitForElement("textarea[data-test=invite-link]", Patience).GetAttribute("value")!;

        provider.Find("[data-test=close-invite-dialog]").Click();

        (await reference.Result)!.Canceled.ShouldBeFalse();
        provider.WaitForAssertion(() => provider.FindAll("[role=dialog]").ShouldBeEmpty(), Patience);
        provider.Markup.ShouldNotContain(link);
    }

    [Fact]
    public async Task Cancel_ClosesWithoutCreating()
    {
        await using var ctx = Context();
        var created = 0;
        var (provider, reference) = await OpenAsync(ctx, await OwnerAndHouseholdAsync(), () => created++);

        provider.WaitForElement("[data-test=close-invite-dialog]", Patience).Click();

        await reference.Result;
        provider.WaitForAssertion(() => provider.FindAll("[role=dialog]").ShouldBeEmpty(), Patience);
        created.ShouldBe(0);
    }

    private BunitContext Context()
    {
        var ctx = ComponentTestContext.Create();
        ctx.Services.AddSingleton(scope.ServiceProvider.GetRequiredService<InviteManagementService>());
        ctx.Services.AddSingleton(scope.ServiceProvider.GetRequiredService<HouseholdApp.Common.PublicUrl>());
        ctx.Services.AddSingleton(scope.ServiceProvider.GetRequiredService<HouseholdApp.Features.Email.Mailer>());
        return ctx;
    }

    private async Task<(string OwnerId, Guid HouseholdId)> OwnerAndHouseholdAsync()
    {
        var owner = (await env.App.CreateUserAsync("owner")).UserId;
        var household = await env.App.CreateHouseholdAsync((owner, HouseholdRole.Owner));
        return (owner, household);
    }

    private static async Task<(
        IRenderedComponent<CascadingValue<TimeZoneInfo>> Provider,
        IDialogReference Reference
    )> OpenAsync(BunitContext ctx, (string OwnerId, Guid HouseholdId) target, Action? onCreated = null)
    {
        var provider = ctx.RenderDialogProvider();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        IDialogReference reference = null!;
        await provider.InvokeAsync(async () =>
        {
            reference = await dialogs.ShowAsync<CreateInviteDialog>(
                "Create an invite link",
                new DialogParameters<CreateInviteDialog>
                {
                    { d => d.HouseholdId, target.HouseholdId },
                    { d => d.UserId, target.OwnerId },
                    { d => d.OnCreated, EventCallback.Factory.Create(provider.Instance, onCreated ?? (() => { })) },
                }
            );
        });
        return (provider, reference);
    }

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
