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
        var owner = await env.App.CreateUserAsync("owner");
        var early = (await env.App.CreateUserAsync("early")).UserId;
        var late = (await env.App.CreateUserAsync("late")).UserId;
        var household = await env.App.CreateHouseholdAsync(
            (early, HouseholdRole.Member),
            (owner.UserId, HouseholdRole.Owner),
            (late, HouseholdRole.Member)
        );

        var members = await owner.Client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/households/{household}/members",
            TestContext.Current.CancellationToken
        );

        members.EnumerateArray().Select(m => m.GetProperty("userId").GetString()).ShouldBe([owner.UserId, early, late]);
    }
}
