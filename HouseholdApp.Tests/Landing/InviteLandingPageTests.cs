using System.Net;
using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Tests.Landing;

/// <summary>The landing page over HTTP, as a browser without JavaScript sees it.</summary>
public sealed class InviteLandingPageTests(TestEnvironment env)
{
    // The forms' names as posted in Blazor's _handler field.
    private const string JoinForm = "invite-join";
    private const string SignUpForm = "invite-signup";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> SignUpFields(string email, string password, string? confirm = null) =>
        new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirm ?? password,
        };

    /// <summary>Status, state and the headers every invite page carries; returns the decoded HTML.</summary>
    private static async Task<string> ShouldBeInvitePageAsync(
        HttpResponseMessage response,
        HttpStatusCode status,
        string state
    )
    {
        var html = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(status, html.Length > 500 ? html[..500] : html);
        PageText.InviteState(html).ShouldBe(state);
        response.Headers.CacheControl.ShouldNotBeNull().NoStore.ShouldBeTrue();
        var csp = response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem();
        var scriptSrc = csp.Split(';')
            .Select(d => d.Trim())
            .Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        scriptSrc.ShouldNotContain("unsafe-inline");
        scriptSrc.ShouldNotContain("unsafe-eval");
        csp.ShouldContain("frame-ancestors 'none'");
        response.Headers.GetValues("Referrer-Policy").ShouldHaveSingleItem().ShouldBe("no-referrer");
        return WebUtility.HtmlDecode(html);
    }

    [Fact]
    public async Task ValidLink_SignedOut_ShowsTheInviteAndASignUpForm()
    {
        var invite = await env.App.CreateInviteAsync("Maple Street flat");
        var client = env.App.CreateBrowserLikeClient();

        var html = await ShouldBeInvitePageAsync(await client.GetAsync(invite.Path, Ct), HttpStatusCode.OK, "valid");

        var main = PageText.MainContent(html);
        main.ShouldContain("Maple Street flat");
        // The inviter by display name; a link holder never sees an e-mail address.
        main.ShouldContain(TestData.DefaultDisplayName(invite.Owner.Email));
        main.ShouldNotContain(invite.Owner.Email);
        main.ShouldContain("Member");
        main.ShouldContain("expires in 7 days");
        // The header's plain sign-up would lose the link; the page offers its own sign-up and sign-in.
        html.ShouldNotContain("href=\"Account/Register\"");
        main.ShouldContain("name=\"Input.Email\"");
        main.ShouldContain("name=\"Input.Password\"");
        main.ShouldContain("name=\"Input.ConfirmPassword\"");
        main.ShouldContain("Already have an account?");
        main.ShouldContain($"href=\"/Account/Login?ReturnUrl=%2Finvites%2F{invite.Token}\"");
        main.ShouldNotContain("data-test=\"join-form\"");
    }

    [Fact]
    public async Task ValidLink_SignedIn_ShowsWhoIsSignedInWithJoinAndSwitchAccount()
    {
        var invite = await env.App.CreateInviteAsync("Oak Lane house", role: "Owner");
        var (client, user) = await env.App.SignedInClientAsync();

        var html = await ShouldBeInvitePageAsync(await client.GetAsync(invite.Path, Ct), HttpStatusCode.OK, "valid");

        var main = PageText.MainContent(html);
        main.ShouldContain("Oak Lane house");
        main.ShouldContain("Owner");
        PageText.VisibleText(main).ShouldContain($"You're signed in as {user.Email}.");
        main.ShouldContain("data-test=\"join-submit\"");
        main.ShouldContain("Not you?");
        main.ShouldContain("action=\"/Account/Logout\"");
        main.ShouldContain($"name=\"returnUrl\" value=\"/invites/{invite.Token}\"");
        main.ShouldNotContain("name=\"Input.Password\"");
    }

    public static TheoryData<string, bool> DeadStates =>
        new()
        {
            { "expired", false },
            { "expired", true },
            { "used", false },
            { "used", true },
            { "revoked", false },
            { "revoked", true },
        };

    [Theory]
    [MemberData(nameof(DeadStates))]
    public async Task DeadLink_Answers410_SaysWhatHappenedWhoseInviteItWasAndWhatToDo(string state, bool signedIn)
    {
        var invite = await env.App.CreateInviteAsync($"Willow {Guid.NewGuid():N}");
        switch (state)
        {
            case "expired":
                await env.App.ExpireAsync(invite);
                break;
            case "used":
                await env.App.UseUpAsync(invite);
                break;
            default:
                await invite.RevokeAsync();
                break;
        }

        var client = signedIn ? (await env.App.SignedInClientAsync()).Client : env.App.CreateBrowserLikeClient();

        var html = await ShouldBeInvitePageAsync(await client.GetAsync(invite.Path, Ct), HttpStatusCode.Gone, state);

        var main = PageText.MainContent(html);
        main.ShouldContain(
            state switch
            {
                "expired" => "This invite link has expired",
                "used" => "This invite link has already been used",
                _ => "This invite link was revoked",
            }
        );
        main.ShouldContain("ask someone in the household to send you a new link", Case.Insensitive);
        // A genuine link says whose invite it was, by display name, each name isolated from the text around it.
        main.ShouldContain($"<bdi>{invite.HouseholdName}</bdi>");
        main.ShouldContain($"<bdi>{TestData.DefaultDisplayName(invite.Owner.Email)}</bdi>");
        html.ShouldNotContain(invite.Owner.Email);
        main.ShouldContain("href=\"/\"");
        main.ShouldContain(
            signedIn ? "href=\"/households\"" : $"href=\"/Account/Login?ReturnUrl=%2Finvites%2F{invite.Token}\""
        );
        main.ShouldNotContain("<form");
        (await env.App.ReadInviteAsync(invite.Id)).UseCount.ShouldBe(state == "used" ? 1 : 0);
    }

    [Fact]
    public async Task BoundLink_SignedOut_ShowsWhoseInviteAndOffersSignInOrSignUpThatComeBack_WithoutTheAddress()
    {
        var owner = await env.App.CreateUserAsync("owner");
        var householdName = $"Hazel {Guid.NewGuid():N}";
        var householdId = await owner.CreateHouseholdAsync(householdName);
        var recipient = TestData.UniqueEmail("recipient");
        var link = await owner.CreateLinkAsync(householdId, new { email = recipient, bindToEmail = true });

        var html = await ShouldBeInvitePageAsync(
            await env.App.CreateBrowserLikeClient().GetAsync(link.Path, Ct),
            HttpStatusCode.OK,
            "sign-in-required"
        );

        var main = PageText.MainContent(html);
        main.ShouldContain($"<bdi>{householdName}</bdi>");
        main.ShouldContain($"<bdi>{TestData.DefaultDisplayName(owner.Email)}</bdi>");
        main.ShouldContain("Sign in to accept this invite");
        main.ShouldNotContain("for another e-mail address");
        main.ShouldContain($"href=\"/Account/Login?ReturnUrl=%2Finvites%2F{link.Token}\"");
        main.ShouldContain($"href=\"/Account/Register?ReturnUrl=%2Finvites%2F{link.Token}\"");
        html.ShouldNotContain(recipient);
        html.ShouldNotContain(owner.Email);
        (await env.App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(0);
    }

    [Fact]
    public async Task BoundLink_ItsRecipientSignsInFromThePage_ComesBackToTheInvite_AndJoins()
    {
        var owner = await env.App.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync("Rowan Yard");
        var recipient = await env.App.CreateUserAsync("recipient", withPassword: true);
        await using (var db = env.App.CreateDbContext())
        {
            await db
                .Users.Where(u => u.Id == recipient.UserId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, true), Ct);
        }

        var link = await owner.CreateLinkAsync(householdId, new { email = recipient.Email, bindToEmail = true });
        var browser = env.App.CreateBrowserLikeClient();
        var landing = PageText.MainContent(
            await ShouldBeInvitePageAsync(await browser.GetAsync(link.Path, Ct), HttpStatusCode.OK, "sign-in-required")
        );
        var signIn = WebUtility.HtmlDecode(
            System.Text.RegularExpressions.Regex.Match(landing, "href=\"(/Account/Login[^\"]*)\"").Groups[1].Value
        );

        var login = await browser.SubmitFormAsync(
            signIn,
            "login",
            new Dictionary<string, string>
            {
                ["Input.Email"] = recipient.Email,
                ["Input.Password"] = TestData.DefaultPassword,
            }
        );

        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        login.Headers.Location!.ToString().ShouldEndWith(link.Path);
        await ShouldBeInvitePageAsync(await browser.GetAsync(link.Path, Ct), HttpStatusCode.OK, "valid");
        var joined = await browser.SubmitFormAsync(link.Path, JoinForm, new Dictionary<string, string>());
        joined.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await env.App.IsMemberAsync(householdId, recipient.UserId)).ShouldBeTrue();
    }

    [Fact]
    public async Task BoundLink_AnotherAccountSignedIn_Answers403_NamesWhoseInvite_AndOffersToSwitchAccount()
    {
        var owner = await env.App.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync("Elm Corner");
        var link = await owner.CreateLinkAsync(
            householdId,
            new { email = TestData.UniqueEmail("recipient"), bindToEmail = true }
        );
        var (stranger, _) = await env.App.SignedInClientAsync("stranger");

        var html = await ShouldBeInvitePageAsync(
            await stranger.GetAsync(link.Path, Ct),
            HttpStatusCode.Forbidden,
            "wrong-account"
        );

        var main = PageText.MainContent(html);
        main.ShouldContain("<bdi>Elm Corner</bdi>");
        main.ShouldContain("action=\"/Account/Logout\"");
        main.ShouldContain($"name=\"returnUrl\" value=\"/invites/{link.Token}\"");
        (await env.App.ReadInviteAsync(link.Id)).UseCount.ShouldBe(0);
    }

    [Fact]
    public async Task InvalidLink_MalformedOrUnknown_Answers404WithOneGenericMessage()
    {
        var client = env.App.CreateBrowserLikeClient();

        var malformed = await ShouldBeInvitePageAsync(
            await client.GetAsync("/invites/not-a-real-token", Ct),
            HttpStatusCode.NotFound,
            "invalid"
        );
        var unknown = await ShouldBeInvitePageAsync(
            await client.GetAsync($"/invites/{InviteToken.Generate()}", Ct),
            HttpStatusCode.NotFound,
            "invalid"
        );

        PageText.MainContent(malformed).ShouldContain("This invite link doesn't work");
        PageText.MainContent(malformed).ShouldContain("ask someone in the household to send you a new link");
        PageText.MainContent(unknown).ShouldBe(PageText.MainContent(malformed));
    }

    [Fact]
    public async Task InvalidLink_SignedIn_IsTheSameGenericPage()
    {
        var (client, _) = await env.App.SignedInClientAsync();

        var html = await ShouldBeInvitePageAsync(
            await client.GetAsync($"/invites/{InviteToken.Generate()}", Ct),
            HttpStatusCode.NotFound,
            "invalid"
        );

        PageText.MainContent(html).ShouldContain("This invite link doesn't work");
        PageText.MainContent(html).ShouldContain("href=\"/households\"");
    }

    [Fact]
    public async Task AlreadyMember_Answers200_LinksToTheHousehold_AndConsumesNothing()
    {
        var invite = await env.App.CreateInviteAsync("Birch Court");
        var client = env.App.CreateBrowserLikeClient();
        var login = await client.SubmitFormAsync(
            "/Account/Login",
            "login",
            new Dictionary<string, string>
            {
                ["Input.Email"] = invite.Owner.Email,
                ["Input.Password"] = TestData.DefaultPassword,
            }
        );
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var html = await ShouldBeInvitePageAsync(
            await client.GetAsync(invite.Path, Ct),
            HttpStatusCode.OK,
            "already-member"
        );

        var main = PageText.MainContent(html);
        main.ShouldContain("You're already in <bdi>Birch Court</bdi>");
        main.ShouldContain($"href=\"/households/{invite.HouseholdId}\"");
        (await env.App.UseCountAsync(invite)).ShouldBe(0);
    }

    [Fact]
    public async Task Join_SignedIn_RedirectsToTheHouseholdWithAWelcome_AndMakesAMember()
    {
        var invite = await env.App.CreateInviteAsync("Cedar Row");
        var (client, user) = await env.App.SignedInClientAsync("joiner");

        var response = await client.SubmitFormAsync(invite.Path, JoinForm, new Dictionary<string, string>());

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldEndWith($"/households/{invite.HouseholdId}?welcome=1");
        (await env.App.IsMemberAsync(invite.HouseholdId, user.UserId)).ShouldBeTrue();
        var household = WebUtility.HtmlDecode(await client.GetStringAsync(response.Headers.Location, Ct));
        household.ShouldContain("data-test=\"welcome-banner\"");
        household.ShouldContain("Welcome to <bdi>Cedar Row</bdi>!");
        var plain = WebUtility.HtmlDecode(await client.GetStringAsync($"/households/{invite.HouseholdId}", Ct));
        plain.ShouldNotContain("data-test=\"welcome-banner\"");
    }

    [Fact]
    public async Task Get_NeverJoins_EvenWhenSignedIn()
    {
        var invite = await env.App.CreateInviteAsync();
        var (client, user) = await env.App.SignedInClientAsync();

        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync(invite.Path, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await env.App.IsMemberAsync(invite.HouseholdId, user.UserId)).ShouldBeFalse();
        (await env.App.UseCountAsync(invite)).ShouldBe(0);
    }

    [Fact]
    public async Task Join_WithoutAntiforgeryToken_IsRejected_AndNobodyJoins()
    {
        var invite = await env.App.CreateInviteAsync();
        var (client, user) = await env.App.SignedInClientAsync();

        var response = await client.PostAsync(
            invite.Path,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = JoinForm }),
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await env.App.IsMemberAsync(invite.HouseholdId, user.UserId)).ShouldBeFalse();
        (await env.App.UseCountAsync(invite)).ShouldBe(0);
    }

    [Fact]
    public async Task SignUp_CreatesTheAccount_SignsIn_AndLandsInTheHouseholdWithAWelcome()
    {
        var invite = await env.App.CreateInviteAsync("Elm Yard");
        var client = env.App.CreateBrowserLikeClient();
        var email = TestData.UniqueEmail("newcomer");

        var response = await client.SubmitFormAsync(
            invite.Path,
            SignUpForm,
            SignUpFields(email, TestData.DefaultPassword)
        );

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldEndWith($"/households/{invite.HouseholdId}?welcome=1");
        var userId = (await env.App.UserIdOfAsync(email)).ShouldNotBeNull();
        (await env.App.IsMemberAsync(invite.HouseholdId, userId)).ShouldBeTrue();
        var household = await client.GetAsync(response.Headers.Location, Ct);
        household.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await household.Content.ReadAsStringAsync(Ct));
        html.ShouldContain("Welcome to <bdi>Elm Yard</bdi>!");
        html.ShouldContain(email);
    }

    [Fact]
    public async Task SignUp_WeakPassword_ShowsTheRuleInline_NeverEchoesIt_AndKeepsTheLinkUsable()
    {
        var invite = await env.App.CreateInviteAsync();
        var client = env.App.CreateBrowserLikeClient();
        var email = TestData.UniqueEmail("weak");

        var response = await client.SubmitFormAsync(invite.Path, SignUpForm, SignUpFields(email, "short7!"));

        var html = await ShouldBeInvitePageAsync(response, HttpStatusCode.OK, "valid");
        html.ShouldContain("at least 8 characters");
        html.ShouldContain("data-test=\"signup-password-error\"");
        html.ShouldMatch(
            "<div class=\"form-field form-field-invalid\"[^>]*>\\s*<label[^>]*>[^<]*</label>\\s*"
                + "<input id=\"signup-password\"[^>]*aria-invalid=\"true\""
        );
        html.ShouldMatch(
            "<input id=\"signup-password\"[^>]*aria-describedby=\"signup-password-help signup-password-error\""
        );
        html.ShouldNotContain("short7!");
        html.ShouldMatch($"<input id=\"signup-email\"[^>]*value=\"{email}\"");
        (await env.App.UserIdOfAsync(email)).ShouldBeNull();
        (await env.App.UseCountAsync(invite)).ShouldBe(0);
        (await client.GetAsync(invite.Path, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignUp_PasswordsDiffer_SaysSoBesideTheConfirmField()
    {
        var invite = await env.App.CreateInviteAsync();
        var client = env.App.CreateBrowserLikeClient();
        var email = TestData.UniqueEmail("typo");

        var response = await client.SubmitFormAsync(
            invite.Path,
            SignUpForm,
            SignUpFields(email, TestData.DefaultPassword, "correct-horse-battery-staple")
        );

        var html = await ShouldBeInvitePageAsync(response, HttpStatusCode.OK, "valid");
        html.ShouldContain("The two passwords don't match");
        html.ShouldMatch(
            "<input id=\"signup-confirm\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"signup-confirm-error\""
        );
        html.ShouldNotContain(TestData.DefaultPassword);
        (await env.App.UserIdOfAsync(email)).ShouldBeNull();
        (await env.App.UseCountAsync(invite)).ShouldBe(0);
    }

    [Fact]
    public async Task SignUp_EmailTaken_ShowsItInlineWithASignInLink_AndKeepsTheLinkUsable()
    {
        var invite = await env.App.CreateInviteAsync();
        var existing = await env.App.CreateUserAsync("existing", withPassword: true);
        var client = env.App.CreateBrowserLikeClient();

        var response = await client.SubmitFormAsync(
            invite.Path,
            SignUpForm,
            SignUpFields(existing.Email, "another-good-password")
        );

        var html = await ShouldBeInvitePageAsync(response, HttpStatusCode.OK, "valid");
        html.ShouldContain("An account with this email address already exists");
        html.ShouldMatch(
            "<div class=\"form-field form-field-invalid\"[^>]*>\\s*<label[^>]*>[^<]*</label>\\s*"
                + "<input id=\"signup-email\"[^>]*aria-invalid=\"true\""
        );
        html.ShouldMatch("<input id=\"signup-email\"[^>]*aria-describedby=\"signup-email-error\"");
        html.ShouldContain("data-test=\"signup-email-signin\"");
        html.ShouldNotContain("another-good-password");
        (await env.App.UseCountAsync(invite)).ShouldBe(0);
        (await env.App.IsMemberAsync(invite.HouseholdId, existing.UserId)).ShouldBeFalse();
    }

    [Fact]
    public async Task RaceLoser_JoinAfterTheLinkWasUsed_SeesTheUsedPage()
    {
        var invite = await env.App.CreateInviteAsync();
        var (client, user) = await env.App.SignedInClientAsync("late");
        var form = await client.ReadHiddenFieldsAsync(invite.Path, JoinForm);
        await env.App.UseUpAsync(invite);

        var response = await client.PostAsync(invite.Path, new FormUrlEncodedContent(form), Ct);

        var html = await ShouldBeInvitePageAsync(response, HttpStatusCode.Gone, "used");
        PageText.MainContent(html).ShouldContain("This invite link has already been used");
        (await env.App.IsMemberAsync(invite.HouseholdId, user.UserId)).ShouldBeFalse();
    }

    [Fact]
    public async Task RaceLoser_SignUpAfterTheLinkWasUsed_SeesTheUsedPage_AndNoAccountIsMade()
    {
        var invite = await env.App.CreateInviteAsync();
        var client = env.App.CreateBrowserLikeClient();
        var form = await client.ReadHiddenFieldsAsync(invite.Path, SignUpForm);
        await env.App.UseUpAsync(invite);
        var email = TestData.UniqueEmail("late");
        foreach (var (key, value) in SignUpFields(email, TestData.DefaultPassword))
        {
            form[key] = value;
        }

        var response = await client.PostAsync(invite.Path, new FormUrlEncodedContent(form), Ct);

        await ShouldBeInvitePageAsync(response, HttpStatusCode.Gone, "used");
        (await env.App.UserIdOfAsync(email)).ShouldBeNull();
    }

    [Fact]
    public async Task Join_AfterSigningOutElsewhere_ShowsTheSignUpFormInstead()
    {
        var invite = await env.App.CreateInviteAsync();
        var client = env.App.CreateBrowserLikeClient();
        var form = await client.ReadHiddenFieldsAsync(invite.Path, SignUpForm);
        form["_handler"] = JoinForm;

        var response = await client.PostAsync(invite.Path, new FormUrlEncodedContent(form), Ct);

        var html = await ShouldBeInvitePageAsync(response, HttpStatusCode.OK, "valid");
        html.ShouldContain("data-test=\"signup-form\"");
        html.ShouldNotContain("data-test=\"join-form\"");
        (await env.App.UseCountAsync(invite)).ShouldBe(0);
    }

    [Fact]
    public async Task Join_WhenTheLinkWasRevokedMeanwhile_SeesTheRevokedPage()
    {
        var invite = await env.App.CreateInviteAsync();
        var (client, user) = await env.App.SignedInClientAsync();
        var form = await client.ReadHiddenFieldsAsync(invite.Path, JoinForm);
        await invite.RevokeAsync();

        var response = await client.PostAsync(invite.Path, new FormUrlEncodedContent(form), Ct);

        await ShouldBeInvitePageAsync(response, HttpStatusCode.Gone, "revoked");
        (await env.App.IsMemberAsync(invite.HouseholdId, user.UserId)).ShouldBeFalse();
    }

    [Fact]
    public async Task SignInLink_ReturnsToTheInvitePage()
    {
        var invite = await env.App.CreateInviteAsync();
        var user = await env.App.CreateUserAsync("returning", withPassword: true);
        var client = env.App.CreateBrowserLikeClient();

        var login = await client.SubmitFormAsync(
            $"/Account/Login?ReturnUrl=%2Finvites%2F{invite.Token}",
            "login",
            new Dictionary<string, string>
            {
                ["Input.Email"] = user.Email,
                ["Input.Password"] = TestData.DefaultPassword,
            }
        );

        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        login.Headers.Location!.ToString().ShouldEndWith(invite.Path);
        var html = await ShouldBeInvitePageAsync(await client.GetAsync(invite.Path, Ct), HttpStatusCode.OK, "valid");
        PageText.VisibleText(html).ShouldContain($"You're signed in as {user.Email}.");
    }

    [Fact]
    public async Task NotYou_SignsOut_AndReturnsToTheLinkSignedOut()
    {
        var invite = await env.App.CreateInviteAsync();
        var (client, _) = await env.App.SignedInClientAsync("wrong");

        var logout = await client.SubmitFormAsync(
            invite.Path,
            "action:/Account/Logout",
            new Dictionary<string, string>()
        );

        logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        logout.Headers.Location!.ToString().ShouldEndWith(invite.Path);
        var html = await ShouldBeInvitePageAsync(await client.GetAsync(invite.Path, Ct), HttpStatusCode.OK, "valid");
        html.ShouldContain("name=\"Input.Email\"");
        html.ShouldNotContain("You're signed in as");
    }
}
