using Bunit;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Invites.Landing;
using HouseholdApp.Features.Memberships;
using Microsoft.Extensions.DependencyInjection;
using InviteSummary = HouseholdApp.Features.Invites.Landing.InviteSummary;

namespace HouseholdApp.Tests.Components;

public sealed class LandingComponentTests
{
    [Fact]
    public async Task Summary_ShowsHouseholdInviterRole_AndTheExpiryInNamedTimeZone()
    {
        await using var ctx = ComponentTestContext.Create();
        var expiresAt = new DateTimeOffset(2026, 12, 9, 14, 30, 0, TimeSpan.Zero);

        var cut = ctx.Render<InviteSummary>(p =>
            p.Add(x => x.HouseholdName, "Willow Cottage")
                .Add(x => x.InvitedBy, "ada@example.org")
                .Add(x => x.Role, HouseholdRole.Owner)
                .Add(x => x.ExpiresAt, expiresAt)
                .Add(x => x.ExpiryText, "expires in 7 days")
        );

        cut.Find("h1[data-test=invite-household]").Text().ShouldBe("Willow Cottage");
        cut.Find("[data-test=invite-inviter]").Text().ShouldBe("ada@example.org");
        cut.Find("[data-test=role-badge]").Text().ShouldBe("Owner");
        cut.Find("[data-test=invite-role]").Text().ShouldContain("manage its invites and members");
        cut.Find("[data-test=invite-expiry] time").Text().ShouldBe("expires in 7 days");
        cut.Find("[data-test=invite-expiry] time").GetAttribute("datetime").ShouldBe("2026-12-09T14:30:00Z");
        cut.Find("[data-test=invite-expiry-at]").Text().ShouldBe("(9 Dec 2026, 14:30 UTC)");
    }

    [Fact]
    public async Task Summary_ForAMember_SaysWhatAMemberSees()
    {
        await using var ctx = ComponentTestContext.Create();

        var cut = ctx.Render<InviteSummary>(p =>
            p.Add(x => x.HouseholdName, "Flat 3")
                .Add(x => x.InvitedBy, "bo@example.org")
                .Add(x => x.Role, HouseholdRole.Member)
                .Add(x => x.ExpiresAt, DateTimeOffset.UnixEpoch)
                .Add(x => x.ExpiryText, "expires in 1 hour")
        );

        cut.Find("[data-test=role-badge]").Text().ShouldBe("Member");
        cut.Find("[data-test=invite-role]").Text().ShouldContain("who belongs to it");
    }

    [Fact]
    public async Task SignUpForm_WithoutErrors_OffersFourLabelledFieldsAndSignIn_AndSubmitsToItsCallback()
    {
        await using var ctx = ComponentTestContext.Create();
        var submitted = 0;

        var cut = ctx.Render<InviteSignUpForm>(p =>
            p.Add(x => x.FormName, "invite-signup")
                .Add(x => x.SignInUrl, "/Account/Login?ReturnUrl=%2Finvites%2Fx")
                .Add(x => x.OnSubmit, () => submitted++)
        );

        cut.FindAll("[data-test=signup-errors]").ShouldBeEmpty();
        cut.FindAll("label")
            .Select(l => l.Text())
            .ShouldBe(["Email", "Your name (optional)", "Password", "Confirm password"]);
        cut.Find("#signup-email").GetAttribute("name").ShouldBe("Input.Email");
        cut.Find("#signup-display-name").GetAttribute("name").ShouldBe("Input.DisplayName");
        cut.Find("#signup-password").GetAttribute("name").ShouldBe("Input.Password");
        cut.Find("#signup-confirm").GetAttribute("name").ShouldBe("Input.ConfirmPassword");
        cut.Find("#signup-display-name").GetAttribute("name").ShouldBe("Input.DisplayName");
        cut.Find("[data-test=signin-link]").GetAttribute("href").ShouldBe("/Account/Login?ReturnUrl=%2Finvites%2Fx");
        cut.Find("[data-test=signup-submit]").Text().ShouldBe("Create account and join");

        await cut.Find("form").SubmitAsync();

        submitted.ShouldBe(1);
    }

    [Fact]
    public async Task SignUpForm_WithErrors_MarksEachField_KeepsTheEmail_AndOffersSignInWhenTaken()
    {
        await using var ctx = ComponentTestContext.Create();

        var cut = ctx.Render<InviteSignUpForm>(p =>
            p.Add(x => x.FormName, "invite-signup")
                .Add(x => x.SignInUrl, "/Account/Login")
                .Add(x => x.Email, "ada@example.org")
                .Add(x => x.EmailTaken, true)
                .Add(
                    x => x.Errors,
                    new Dictionary<string, string[]>
                    {
                        ["email"] = ["An account with this email address already exists."],
                        ["confirmPassword"] = ["The two passwords don't match."],
                    }
                )
        );

        cut.Find("[data-test=signup-errors]").Text().ShouldBe("Please fix the fields marked below.");
        cut.Find("#signup-email").GetAttribute("value").ShouldBe("ada@example.org");
        cut.Find("#signup-email").GetAttribute("aria-invalid").ShouldBe("true");
        cut.Find("[data-test=signup-email-error]")
            .Text()
            .ShouldStartWith("An account with this email address already exists.");
        cut.Find("[data-test=signup-email-signin]").GetAttribute("href").ShouldBe("/Account/Login");
        cut.Find("#signup-password").HasAttribute("aria-invalid").ShouldBeFalse();
        cut.Find("[data-test=signup-confirm-error]").Text().ShouldBe("The two passwords don't match.");
    }

    [Fact]
    public async Task JoinForm_NamesTheAccountAndHousehold_JoinsThroughItsCallback_AndOffersSwitchingAccounts()
    {
        await using var ctx = ComponentTestContext.Create();
        var joined = 0;

        var cut = ctx.Render<InviteJoinForm>(p =>
            p.Add(x => x.FormName, "invite-join")
                .Add(x => x.Email, "ada@example.org")
                .Add(x => x.HouseholdName, "Rowan House")
                .Add(x => x.ReturnUrl, "/invites/abc")
                .Add(x => x.OnJoin, () => joined++)
        );

        cut.Find("[data-test=signed-in-as]").Text().ShouldBe("You're signed in as ada@example.org.");
        cut.Find("[data-test=join-submit]").Text().ShouldBe("Join Rowan House");
        var switchForm = cut.Find("[data-test=switch-account-form]");
        switchForm.GetAttribute("action").ShouldBe("/Account/Logout");
        switchForm.QuerySelector("input[name=returnUrl]")!.GetAttribute("value").ShouldBe("/invites/abc");

        await cut.Find("[data-test=join-form]").SubmitAsync();

        joined.ShouldBe(1);
    }

    [Theory]
    [InlineData(InviteState.Expired, "This invite link has expired", "home-link")]
    [InlineData(InviteState.Used, "This invite link has already been used", "signin-link")]
    [InlineData(InviteState.Revoked, "This invite link was revoked", "home-link")]
    [InlineData(InviteState.Invalid, "This invite link doesn't work", "home-link")]
    public async Task DeadEnd_SignedOut_SaysWhatHappened_AndLeadsOn(InviteState state, string title, string firstAction)
    {
        await using var ctx = ComponentTestContext.Create();

        var cut = ctx.Render<InviteDeadEnd>(p => p.Add(x => x.State, state));

        cut.Find("h1[data-test=invite-title]").Text().ShouldBe(title);
        cut.Find("[data-test=invite-next-step]").Text().ShouldNotBeNullOrWhiteSpace();
        cut.FindAll(".message-panel-actions a").Select(a => a.GetAttribute("data-test")).First().ShouldBe(firstAction);
        cut.Markup.ShouldNotContain("households-link");
    }

    [Fact]
    public async Task DeadEnd_SignedIn_LeadsToTheirHouseholds()
    {
        await using var ctx = ComponentTestContext.Create();

        var cut = ctx.Render<InviteDeadEnd>(p => p.Add(x => x.State, InviteState.Expired).Add(x => x.SignedIn, true));

        cut.Find("[data-test=households-link]").GetAttribute("href").ShouldBe("/households");
        cut.FindAll("[data-test=signin-link]").ShouldBeEmpty();
    }

    [Fact]
    public async Task DeadEnd_RefusesAUsableState()
    {
        await using var ctx = ComponentTestContext.Create();

        Should.Throw<ArgumentOutOfRangeException>(() =>
            ctx.Render<InviteDeadEnd>(p => p.Add(x => x.State, InviteState.Valid))
        );
    }

    [Fact]
    public async Task AlreadyMember_SaysSo_AndLinksToTheHousehold()
    {
        await using var ctx = ComponentTestContext.Create();

        var cut = ctx.Render<AlreadyMemberMessage>(p =>
            p.Add(x => x.HouseholdName, "Rowan House").Add(x => x.HouseholdUrl, "/households/42")
        );

        cut.Find("h1[data-test=invite-title]").Text().ShouldBe("You're already in Rowan House");
        cut.Find("[data-test=household-link]").GetAttribute("href").ShouldBe("/households/42");
        cut.Find("[data-test=household-link]").Text().ShouldBe("Go to Rowan House");
        cut.Find("[data-test=households-link]").GetAttribute("href").ShouldBe("/households");
    }

    [Fact]
    public async Task WelcomeBanner_ShowsOnlyRightAfterJoining()
    {
        await using var ctx = ComponentTestContext.Create();
        var navigation = ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();

        var before = ctx.Render<WelcomeBanner>(p => p.Add(x => x.HouseholdName, "Willow Cottage"));
        before.FindAll("[data-test=welcome-banner]").ShouldBeEmpty();

        navigation.NavigateTo(WelcomeBanner.UrlFor(Guid.Empty));
        var after = ctx.Render<WelcomeBanner>(p => p.Add(x => x.HouseholdName, "Willow Cottage"));
        after
            .Find("[data-test=welcome-banner]")
            .Text()
            .ShouldBe("Welcome to Willow Cottage! You've joined the household. Here's everyone who belongs to it.");
        after.Find("[data-test=welcome-banner]").GetAttribute("role").ShouldBe("status");
    }

    [Theory]
    [InlineData(true, 90, "Wait 1 minute, then open your invite link again.", "rate-limited")]
    [InlineData(false, 5, "Wait 5 seconds, then try again.", null)]
    public async Task RateLimitedPage_SaysHowLongToWait(bool forInvite, int seconds, string wait, string? state)
    {
        await using var ctx = ComponentTestContext.Create();

        var cut = ctx.Render<RateLimitedPage>(p =>
            p.Add(x => x.ForInvite, forInvite).Add(x => x.RetryAfterSeconds, seconds)
        );

        cut.Find("h1").Text().ShouldBe("Too many attempts — please wait a moment");
        cut.Find("[data-test=retry-after]").Text().ShouldBe(wait);
        cut.Find("main").GetAttribute("data-invite-state").ShouldBe(state);
        cut.FindAll("script").ShouldBeEmpty();
    }
}
