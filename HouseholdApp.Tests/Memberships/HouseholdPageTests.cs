using System.Net;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Memberships;

/// <summary>The household page as the server renders it before the circuit starts.</summary>
public sealed class HouseholdPageTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NonMember_AndUnknownId_Get404WithTheSameNotFoundContent()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var stranger = await env.App.CreateUserAsync("stranger", withPassword: true);
        var household = await env.App.CreateHouseholdAsync("Secret name 7f3a", (owner.UserId, HouseholdRole.Owner));
        var client = await env.App.SignedInBrowserClientAsync(stranger);

        var existing = await client.GetAsync($"/households/{household}", Ct);
        var missing = await client.GetAsync($"/households/{Guid.NewGuid()}", Ct);

        existing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var existingHtml = await existing.Content.ReadAsStringAsync(Ct);
        existingHtml.ShouldContain("data-test=\"not-found\"");
        existingHtml.ShouldContain("We can&#x27;t find that household");
        existingHtml.ShouldNotContain("Secret name 7f3a");
        existingHtml.ShouldNotContain(owner.Email);
        (await missing.Content.ReadAsStringAsync(Ct)).ShouldContain("data-test=\"not-found\"");
    }

    [Fact]
    public async Task Member_SeesEveryMemberWithRole_ButNoOwnerActions()
    {
        var owner = await env.App.CreateUserAsync("owner", withPassword: true);
        var member = await env.App.CreateUserAsync("member", withPassword: true);
        var household = await env.App.CreateHouseholdAsync(
            "Shared flat",
            (owner.UserId, HouseholdRole.Owner),
            (member.UserId, HouseholdRole.Member)
        );
        var client = await env.App.SignedInBrowserClientAsync(member);

        var response = await client.GetAsync($"/households/{household}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync(Ct);
        html.ShouldContain(owner.Email);
        html.ShouldContain(member.Email);
        html.ShouldContain($"data-user-id=\"{owner.UserId}\" data-role=\"Owner\"");
        html.ShouldContain($"data-user-id=\"{member.UserId}\" data-role=\"Member\"");
        html.ShouldNotContain("data-test=\"remove-member\"");
        html.ShouldNotContain("data-test=\"make-owner\"");
        html.ShouldContain("data-test=\"leave-household\"");
    }
}
