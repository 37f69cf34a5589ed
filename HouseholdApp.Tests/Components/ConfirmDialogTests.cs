using Bunit;
using HouseholdApp.Components.Interactive;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace HouseholdApp.Tests.Components;

/// <summary>The yes/no dialog behind revoke, remove, transfer, make-owner and leave.</summary>
public sealed class ConfirmDialogTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Confirming_AnswersTrue_AndShowsTheQuestionAndTheActionsWords()
    {
        await using var ctx = ComponentTestContext.Create();
        var provider = ctx.RenderDialogProvider();
        var answer = await OpenAsync(ctx, provider);

        var dialog = provider.WaitForElement("[role=dialog]", Patience);
        dialog.Text().ShouldContain("Remove member?");
        provider.Find("[data-test=remove-confirmation]").InnerHtml.ShouldContain("<strong>ana@example.org</strong>");
        provider.Find("[data-test=confirm-remove]").Text().ShouldBe("Remove");
        provider.Find("[data-test=confirm-remove]").Click();

        (await answer).ShouldBeTrue();
        provider.WaitForAssertion(() => provider.FindAll("[role=dialog]").ShouldBeEmpty(), Patience);
    }

    [Fact]
    public async Task Cancelling_AnswersFalse()
    {
        await using var ctx = ComponentTestContext.Create();
        var provider = ctx.RenderDialogProvider();
        var answer = await OpenAsync(ctx, provider);

        provider.WaitForElement("[data-test=cancel-remove]", Patience).Click();

        (await answer).ShouldBeFalse();
        provider.WaitForAssertion(() => provider.FindAll("[role=dialog]").ShouldBeEmpty(), Patience);
    }

    [Fact]
    public async Task OnOpening_FocusGoesToTheConfirmButton()
    {
        await using var ctx = ComponentTestContext.Create();
        var module = ctx.JSInterop.SetupModule(ComponentTestContext.PageModule);
        var focus = module.Setup<bool>("focusWhenReady", _ => true);
        focus.SetResult(true);
        var provider = ctx.RenderDialogProvider();

        _ = await OpenAsync(ctx, provider);

        provider.WaitForAssertion(
            () => focus.Invocations.Select(i => i.Arguments[0]).ShouldContain("[data-test=confirm-remove]"),
            Patience
        );
    }

    private static async Task<Task<bool>> OpenAsync(
        BunitContext ctx,
        IRenderedComponent<Microsoft.AspNetCore.Components.CascadingValue<TimeZoneInfo>> provider
    )
    {
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        Task<bool> answer = null!;
        await provider.InvokeAsync(() =>
        {
            answer = dialogs.ConfirmAsync(
                "Remove member?",
                b =>
                {
                    b.AddContent(0, "Remove ");
                    b.OpenElement(1, "strong");
                    b.AddContent(2, "ana@example.org");
                    b.CloseElement();
                    b.AddContent(3, " from this household?");
                },
                "Remove",
                "remove",
                Color.Error
            );
        });
        return answer;
    }
}
