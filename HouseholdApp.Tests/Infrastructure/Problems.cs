using System.Net;
using System.Text.Json;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>Reading the API's problem responses (<c>application/problem+json</c> with a <c>code</c>).</summary>
public static class Problems
{
    public static async Task<string?> CodeAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json" || text.Length == 0)
        {
            return null;
        }

        using var json = JsonDocument.Parse(text);
        return json.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    /// <summary>Asserts status and problem code together, so a failure shows both.</summary>
    public static async Task ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var actual = await response.CodeAsync();
        ((int)response.StatusCode, actual).ShouldBe(((int)status, code));
    }

    /// <summary>A 400 problem with some <c>code</c>: the client's mistake, told as such.</summary>
    public static async Task ShouldBeBadRequestProblemAsync(this HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.CodeAsync()).ShouldNotBeNullOrEmpty();
    }
}
