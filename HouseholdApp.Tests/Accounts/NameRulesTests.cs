using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Common;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Accounts;

/// <summary>Names that could rewrite the page around them (bidi overrides, invisible characters) are refused on every
/// path.</summary>
public sealed class NameRulesTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Right-to-left override, the isolates, zero-width space/joiner/marks, BOM, a control character, a line
    /// separator.</summary>
    public static TheoryData<string> HiddenCharacters =>
        new()
        {
            "\u202E",
            "\u202A",
            "\u202D",
            "\u2066",
            "\u2067",
            "\u2068",
            "\u2069",
            "\u200B",
            "\u200C",
            "\u200D",
            "\u200E",
            "\u200F",
            "\uFEFF",
            "\u0007",
            "\u2028",
        };

    [Theory]
    [MemberData(nameof(HiddenCharacters))]
    public void EveryNameRule_RefusesControlAndInvisibleCharacters(string hidden)
    {
        foreach (
            var rule in new[]
            {
                NameRules.DisplayName,
                NameRules.HouseholdName,
                NameRules.InviteLabel,
                NameRules.PasskeyName,
            }
        )
        {
            var (name, error) = rule.Check($"Ana{hidden}gnolleB", TextsInTests.Shared);
            name.ShouldBeNull();
            error.ShouldEndWith(" cannot contain control or invisible characters.");
        }
    }

    [Theory]
    [InlineData("José Müller")]
    [InlineData("بيت العائلة")]
    [InlineData("家 🏠")]
    [InlineData("Flat 3 — upstairs")]
    public void NameRules_AcceptOrdinaryNamesInAnyScript(string ordinary) =>
        NameRules.HouseholdName.Check($"  {ordinary} ", TextsInTests.Shared).ShouldBe((ordinary, (string?)null));

    [Fact]
    public void NameRules_RefuseOneCharacterTooMany_WithTheDeclaredLength()
    {
        NameRules
            .DisplayName.Check(new string('a', NameRules.DisplayNameMaxLength), TextsInTests.Shared)
            .Name.ShouldNotBeNull();
        NameRules
            .DisplayName.Check(new string('a', NameRules.DisplayNameMaxLength + 1), TextsInTests.Shared)
            .Error.ShouldBe($"A display name can be at most {NameRules.DisplayNameMaxLength} characters long.");
        NameRules
            .DisplayName.Check("Ana\uD800", TextsInTests.Shared)
            .Name.ShouldBeNull("half of a surrogate pair is no character at all");
    }

    [Fact]
    public async Task Api_RefusesAnOverrideInEveryName_AndChangesNothing()
    {
        var owner = await env.App.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync("Linden Row");
        const string Spoof = "Linden\u202Ewor nedniL";

        await (await owner.Client.PostAsJsonAsync("/api/v1/households", new { name = Spoof }, Ct)).ShouldBeProblemAsync(
            HttpStatusCode.BadRequest,
            "invalid_name"
        );
        await (
            await owner.Client.PatchAsJsonAsync($"/api/v1/households/{householdId}", new { name = Spoof }, Ct)
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_name");
        await (
            await owner.Client.PutAsJsonAsync("/api/v1/account/profile", new { displayName = "Ana\u200Bdmin" }, Ct)
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_display_name");
        await (
            await owner.Client.PostAsJsonAsync(
                $"/api/v1/households/{householdId}/invites",
                new { label = "for\u2066 Mum" },
                Ct
            )
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_label");
        var link = await owner.CreateLinkAsync(householdId);
        var email = TestData.UniqueEmail("joiner");
        var signUp = await env
            .App.CreateHttpClient()
            .PostAsJsonAsync(
                $"/api/v1/invites/{link.Token}/signup",
                new
                {
                    email,
                    password = TestData.DefaultPassword,
                    displayName = "\uFEFFAna",
                },
                Ct
            );
        signUp.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var households = await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/households", Ct);
        households.EnumerateArray().Select(h => h.GetProperty("name").GetString()).ShouldBe(["Linden Row"]);
        var profile = await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/account/profile", Ct);
        profile.GetProperty("displayName").GetString().ShouldBe(TestData.DefaultDisplayName(owner.Email));
        (await env.App.UserExistsAsync(email)).ShouldBeFalse();
        (await env.App.UseCountAsync(link)).ShouldBe(0);
    }
}
