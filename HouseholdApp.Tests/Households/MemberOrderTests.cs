using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;
using HouseholdApp.Tests.Memberships;

namespace HouseholdApp.Tests.Households;

public sealed class MemberOrderTests(TestEnvironment env)
{
    [Fact]
    public async Task Members_ListOwnersFirst_ThenByJoinDate_WhateverTheirOrderOfJoining()
    {
        var owner = await env.App.CreateApiUserAsync("owner");
        var early = await MemberSeed.UserAsync(env.App, "early");
        var late = await MemberSeed.UserAsync(env.App, "late");
        var household = await MemberSeed.HouseholdAsync(env.App, (early, HouseholdRole.Member), (owner.UserId, HouseholdRole.Owner), (late, HouseholdRole.Member));

        var members = await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/households/{household}/members", TestContext.Current.CancellationToken);

        members.EnumerateArray().Select(m => m.GetProperty("userId").GetString()).ShouldBe([owner.UserId, early, late]);
    }
}
