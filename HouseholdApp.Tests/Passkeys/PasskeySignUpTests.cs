using System.Security.Cryptography;
using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Passkeys;

/// <summary>
/// The passkey sign-up through a link, below the browser: the attestation is the browser's part (covered in
/// <see cref="PasskeyBrowserTests"/>); here the verified passkey goes straight to the service, which must commit the
/// account, its passkey, the claim, the membership and the redemption record together.
/// </summary>
public sealed class PasskeySignUpTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestApp App => env.App;

    private static (PasskeyUserEntity Account, UserPasskeyInfo Passkey) NewPasskey(string email) =>
        (
            new PasskeyUserEntity
            {
                Id = Guid.NewGuid().ToString(),
                Name = email,
                DisplayName = email,
            },
            new UserPasskeyInfo(
                RandomNumberGenerator.GetBytes(32),
                RandomNumberGenerator.GetBytes(77),
                DateTimeOffset.UtcNow,
                0,
                ["internal"],
                isUserVerified: true,
                isBackupEligible: false,
                isBackedUp: false,
                attestationObject: [0xA0],
                clientDataJson: "{}"u8.ToArray()
            )
        );

    private async Task<JoinOutcome> SignUpAsync(
        string token,
        string email,
        (PasskeyUserEntity Account, UserPasskeyInfo Passkey)? passkey = null
    )
    {
        var (account, info) = passkey ?? NewPasskey(email);
        await using var scope = App.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<InviteSignUpService>()
            .SignUpWithPasskeyAndAcceptAsync(token, account, info, null, Ct);
    }

    private async Task<int> PasskeyCountAsync(byte[] credentialId)
    {
        await using var db = App.CreateDbContext();
        return await db.UserPasskeys.CountAsync(p => p.CredentialId == credentialId, Ct);
    }

    [Fact]
    public async Task Success_CreatesAPasswordlessAccountWithItsPasskey_AndTheMembership()
    {
        var invite = await App.CreateInviteAsync();
        var email = TestData.UniqueEmail("pk");
        var passkey = NewPasskey(email);

        var outcome = await SignUpAsync(invite.Token, email, passkey);

        var joined = outcome.ShouldBeOfType<JoinOutcome.Joined>();
        joined.UserId.ShouldBe(passkey.Account.Id);
        (await App.IsMemberAsync(invite.HouseholdId, joined.UserId)).ShouldBeTrue();
        (await PasskeyCountAsync(passkey.Passkey.CredentialId)).ShouldBe(1);
        await using var db = App.CreateDbContext();
        (await db.Users.SingleAsync(u => u.Id == joined.UserId, Ct)).PasswordHash.ShouldBeNull();
        (await db.InviteRedemptions.CountAsync(r => r.InviteId == invite.Id && r.UserId == joined.UserId, Ct)).ShouldBe(
            1
        );
    }

    [Fact]
    public async Task FailureAfterTheClaim_LeavesNoAccountNoPasskeyAndNoUse_AndTheLinkStillWorks()
    {
        var invite = await App.CreateInviteAsync();
        var email = TestData.UniqueEmail("pk-fail");
        var passkey = NewPasskey(email);

        // The membership insert fails after the claim, the account insert and the passkey insert.
        await using (await App.FailMembershipInsertsAsync(invite.HouseholdId))
        {
            await Should.ThrowAsync<Exception>(() => SignUpAsync(invite.Token, email, passkey));
        }

        (await App.UseCountAsync(invite)).ShouldBe(0);
        (await App.UserExistsAsync(email)).ShouldBeFalse();
        (await PasskeyCountAsync(passkey.Passkey.CredentialId)).ShouldBe(0);
        (await App.CountMembersAsync(invite.HouseholdId)).ShouldBe(1);
        await using (var db = App.CreateDbContext())
        {
            (await db.InviteRedemptions.CountAsync(r => r.InviteId == invite.Id, Ct)).ShouldBe(0);
        }

        (await SignUpAsync(invite.Token, email, passkey)).ShouldBeOfType<JoinOutcome.Joined>();
        (await App.UseCountAsync(invite)).ShouldBe(1);
    }

    [Fact]
    public async Task RaceOnASingleUseLink_YieldsExactlyOneAccount()
    {
        const int racers = 8;
        var invite = await App.CreateInviteAsync(maxUses: 1);
        var emails = Enumerable.Range(0, racers).Select(i => TestData.UniqueEmail($"pk-race{i}")).ToArray();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = emails
            .Select(async email =>
            {
                await gate.Task;
                return await SignUpAsync(invite.Token, email);
            })
            .ToArray();
        gate.SetResult();
        var outcomes = await Task.WhenAll(attempts);

        outcomes.OfType<JoinOutcome.Joined>().Count().ShouldBe(1);
        outcomes.OfType<JoinOutcome.Refused>().Count().ShouldBe(racers - 1);
        var existing = 0;
        foreach (var email in emails)
        {
            existing += await App.UserExistsAsync(email) ? 1 : 0;
        }

        existing.ShouldBe(1);
        (await App.UseCountAsync(invite)).ShouldBe(1);
        (await App.CountMembersAsync(invite.HouseholdId)).ShouldBe(2);
    }

    [Fact]
    public async Task ATakenAddress_IsRefused_AndDoesNotConsumeTheLink()
    {
        var invite = await App.CreateInviteAsync();
        var existing = await App.CreateUserAsync("pk-taken");

        (await SignUpAsync(invite.Token, existing.Email.ToUpperInvariant())).ShouldBeOfType<JoinOutcome.EmailTaken>();
        (await App.UseCountAsync(invite)).ShouldBe(0);
    }
}
