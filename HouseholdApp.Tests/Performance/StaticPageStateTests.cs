using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Performance;

/// <summary>Pages that start no circuit carry no persisted component state; interactive pages still do.</summary>
public sealed class StaticPageStateTests(TestEnvironment env)
{
    private const string StateMarker = "<!--Blazor-Server-Component-State:";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LandingAndAccountPages_CarryNoStateBlob_TheInteractivePageDoes()
    {
        var invite = await env.App.CreateInviteAsync();
        var anonymous = env.App.CreateBrowserLikeClient();
        var landing = await anonymous.GetStringAsync($"/invites/{invite.Token}", Ct);
        landing.ShouldContain("data-invite-state=\"valid\"");
        landing.ShouldContain("__RequestVerificationToken", Case.Sensitive, "the form keeps its antiforgery token");
        landing.ShouldNotContain(StateMarker);
        (await anonymous.GetStringAsync("/Account/Login", Ct)).ShouldNotContain(StateMarker);

        var (member, _) = await env.App.SignedInClientAsync();
        (await member.GetStringAsync("/households", Ct)).ShouldContain(StateMarker);
    }
}
