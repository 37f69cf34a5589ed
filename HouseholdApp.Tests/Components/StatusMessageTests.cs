using Bunit;
using HouseholdApp.Components.Account;
using HouseholdApp.Components.Account.Shared;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Components;

/// <summary>A status message is an error when it was written in the errors' frame, in whichever language.</summary>
public sealed class StatusMessageTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task StatusMessage_TellsErrorsFromConfirmations_ByTheFrameErrorsAreWrittenIn(string language)
    {
        await using var ctx = ComponentTestContext.Create();
        using var speaking = TextsInTests.Speaking(language);
        var texts = ctx.Services.GetRequiredService<AccountTexts>();

        string SeverityOf(string message) =>
            ctx.Render<StatusMessage>(p =>
                    p.Add(c => c.Message, message).AddCascadingValue<HttpContext>(new DefaultHttpContext())
                )
                .Find("[data-test=status-message]")
                .ClassList.Single(c => c.StartsWith("mud-alert-text-", StringComparison.Ordinal));

        SeverityOf(texts.Failed("x")).ShouldBe("mud-alert-text-error");
        SeverityOf(texts.LoginFailed).ShouldBe("mud-alert-text-error");
        SeverityOf("x").ShouldBe("mud-alert-text-success");
    }
}
