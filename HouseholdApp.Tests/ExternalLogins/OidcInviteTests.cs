using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.ExternalLogins;

/// <summary>
/// Continuing with a provider from an invite's landing page: the account and the membership in one trip.
/// </summary>
public sealed class OidcInviteTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NewPerson_FromTheLandingPage_GetsAnAccountAndJoins_InOneTrip()
    {
        var app = await OidcTestbed.AppAsync(env);
        var invite = await app.CreateInviteAsync();
        await using var visitor = await OidcTestbed.VisitorAsync(app, "oidc-invite");

        await visitor.Page.OpenAsync(invite.Path);
        await Infrastructure.Browser.ScreenshotAsync(visitor.Page, "oidc-invite-landing");
        (await Axe.SeriousViolationsAsync(visitor.Page)).ShouldBeEmpty();
        await OidcTestbed.ContinueWithAsync(visitor.Page);

        await OidcTestbed.WaitForAddressAsync(visitor.Page, app, $"**/households/{invite.HouseholdId}?welcome=1");
        var userId = await app.UserIdOfAsync(visitor.Email);
        userId.ShouldNotBeNull();
        (await app.IsMemberAsync(invite.HouseholdId, userId)).ShouldBeTrue();
        (await app.UseCountAsync(invite)).ShouldBe(1);
        (await OidcTestbed.LoginsOfAsync(app, visitor.Email)).ShouldBe([OidcTestbed.Scheme]);
        visitor.ServerErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReturningPerson_FromTheLandingPage_SignsInAndJoins()
    {
        var app = await OidcTestbed.AppAsync(env);
        var email = TestData.UniqueEmail("oidc-invite-back");
        var subject = "sub-" + Guid.NewGuid().ToString("N");
        var login = new UserLoginInfo(OidcTestbed.Scheme, subject, OidcTestbed.DisplayName);
        var first = await app.CreateInviteAsync();
        (await SignUpAsync(app, first.Token, email, login)).ShouldBeOfType<JoinOutcome.Joined>();
        var invite = await app.CreateInviteAsync();
        await using var visitor = await OidcTestbed.VisitorAsync(app, "", email, subject);

        await visitor.Page.OpenAsync(invite.Path);
        await OidcTestbed.ContinueWithAsync(visitor.Page);

        await OidcTestbed.WaitForAddressAsync(visitor.Page, app, $"**/households/{invite.HouseholdId}?welcome=1");
        (await app.IsMemberAsync(invite.HouseholdId, (await app.UserIdOfAsync(email))!)).ShouldBeTrue();
        visitor.ServerErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task ExistingPasswordAccount_FromTheLandingPage_IsNotLinked_AndTheLinkIsNotUsed()
    {
        var app = await OidcTestbed.AppAsync(env);
        var existing = await app.CreateUserAsync("oidc-invite-owner", withPassword: true);
        var invite = await app.CreateInviteAsync();
        await using var visitor = await OidcTestbed.VisitorAsync(app, "", existing.Email);

        await visitor.Page.OpenAsync(invite.Path);
        await OidcTestbed.ContinueWithAsync(visitor.Page);

        await Assertions.Expect(visitor.Page.Locator("[data-test=external-account-exists]")).ToBeVisibleAsync();
        (await OidcTestbed.LoginsOfAsync(app, existing.Email)).ShouldBeEmpty();
        (await app.UseCountAsync(invite)).ShouldBe(0);
        (await app.IsMemberAsync(invite.HouseholdId, existing.UserId)).ShouldBeFalse();
        visitor.ServerErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task RaceOnASingleUseLink_ManyProviderSignUps_YieldExactlyOneAccountAndOneMembership()
    {
        const int racers = 8;
        var app = env.App;
        var invite = await app.CreateInviteAsync(maxUses: 1);
        var emails = Enumerable.Range(0, racers).Select(i => TestData.UniqueEmail($"oidc-race{i}")).ToArray();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = emails
            .Select(async email =>
            {
                await gate.Task;
                return await SignUpAsync(
                    app,
                    invite.Token,
                    email,
                    new UserLoginInfo(OidcTestbed.Scheme, "sub-" + email, OidcTestbed.DisplayName)
                );
            })
            .ToArray();
        gate.SetResult();
        var outcomes = await Task.WhenAll(attempts);

        outcomes.OfType<JoinOutcome.Joined>().Count().ShouldBe(1);
        outcomes.OfType<JoinOutcome.Refused>().Count().ShouldBe(racers - 1);
        var accounts = 0;
        foreach (var email in emails)
        {
            accounts += await app.UserExistsAsync(email) ? 1 : 0;
        }

        accounts.ShouldBe(1);
        await using var db = app.CreateDbContext();
        (
            await db.UserLogins.CountAsync(
                l => l.LoginProvider == OidcTestbed.Scheme && emails.Select(e => "sub-" + e).Contains(l.ProviderKey),
                Ct
            )
        ).ShouldBe(1);
        (await app.UseCountAsync(invite)).ShouldBe(1);
        (await app.CountMembersAsync(invite.HouseholdId)).ShouldBe(2);
    }

    private static async Task<JoinOutcome> SignUpAsync(TestApp app, string token, string email, UserLoginInfo login)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<InviteSignUpService>()
            .SignUpWithExternalLoginAndAcceptAsync(token, email, null, login, emailConfirmed: true, Ct);
    }
}
