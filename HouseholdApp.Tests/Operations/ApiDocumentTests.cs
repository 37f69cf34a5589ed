using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HouseholdApp.Tests.Operations;

/// <summary>The OpenAPI document at /openapi/v1.json and the reference at /api/docs (SPEC section 9).</summary>
public sealed class ApiDocumentTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record MappedApiEndpoint(string Method, string Path, IReadOnlyList<object> Metadata)
    {
        public string Key => $"{Method} {Path}";
    }

    /// <summary>Every /api/v1 endpoint the app maps, as the document names it: parameters without their
    /// constraints.</summary>
    private List<MappedApiEndpoint> MappedApiEndpoints() =>
        [
            .. env
                .App.Services.GetRequiredService<EndpointDataSource>()
                .Endpoints.OfType<RouteEndpoint>()
                .Select(e => (Endpoint: e, Path: PathOf(e.RoutePattern)))
                .Where(e => e.Path.StartsWith("/api/v1/", StringComparison.Ordinal))
                .SelectMany(e =>
                    (e.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["(any)"]).Select(
                        method => new MappedApiEndpoint(method, e.Path, [.. e.Endpoint.Metadata])
                    )
                ),
        ];

    private static string PathOf(RoutePattern pattern) =>
        "/"
        + string.Join(
            "/",
            pattern.PathSegments.Select(segment =>
                string.Concat(
                    segment.Parts.Select(part =>
                        part switch
                        {
                            RoutePatternLiteralPart literal => literal.Content,
                            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
                            RoutePatternSeparatorPart separator => separator.Content,
                            _ => throw new InvalidOperationException($"An unexpected route part in {pattern.RawText}."),
                        }
                    )
                )
            )
        );

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await env.App.CreateHttpClient().GetAsync("/openapi/v1.json", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
    }

    private static IEnumerable<(string Key, JsonElement Operation)> Operations(JsonElement document) =>
        document
            .GetProperty("paths")
            .EnumerateObject()
            .SelectMany(path =>
                path.Value.EnumerateObject()
                    .Select(operation => ($"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Value))
            );

    [Fact]
    public async Task Document_DescribesExactlyTheApiEndpointsTheAppMaps()
    {
        var document = await DocumentAsync();

        var described = Operations(document).Select(o => o.Key).Order().ToList();
        var mapped = MappedApiEndpoints().Select(e => e.Key).Distinct().Order().ToList();

        mapped.ShouldContain("POST /api/v1/households");
        mapped.ShouldContain("POST /api/v1/account/login");
        mapped.ShouldContain("POST /api/v1/invites/{token}/accept");
        described.ShouldBe(mapped);
    }

    [Fact]
    public async Task Document_DeclaresTheProblemsThePipelineAnswers_ForEveryEndpoint()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToDictionary(o => o.Key, o => o.Operation);
        var failures = new List<string>();

        foreach (var endpoint in MappedApiEndpoints())
        {
            var operation = operations[endpoint.Key];
            var responses = operation
                .GetProperty("responses")
                .EnumerateObject()
                .ToDictionary(r => r.Name, r => r.Value);
            var statuses = responses.Keys.Select(int.Parse).ToHashSet();
            var requiresUser =
                endpoint.Metadata.OfType<IAuthorizeData>().Any() && !endpoint.Metadata.OfType<IAllowAnonymous>().Any();
            var rateLimited = endpoint.Metadata.OfType<EnableRateLimitingAttribute>().Any();
            var expected = new List<int>
            {
                StatusCodes.Status500InternalServerError,
                StatusCodes.Status503ServiceUnavailable,
            };
            if (requiresUser)
            {
                expected.Add(StatusCodes.Status401Unauthorized);
                if (
                    !operation.TryGetProperty("security", out var security)
                    || !security.ToString().Contains("\"Bearer\"", StringComparison.Ordinal)
                )
                {
                    failures.Add($"{endpoint.Key} requires a user but names no bearer security");
                }
            }

            if (rateLimited)
            {
                expected.Add(StatusCodes.Status429TooManyRequests);
            }

            if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any())
            {
                expected.Add(StatusCodes.Status400BadRequest);
            }

            failures.AddRange(
                expected.Where(s => !statuses.Contains(s)).Select(s => $"{endpoint.Key} does not declare {s}")
            );
            if (!statuses.Any(s => s is >= 200 and < 300))
            {
                failures.Add($"{endpoint.Key} declares no success");
            }

            foreach (var (status, response) in responses.Where(r => int.Parse(r.Key) >= 400))
            {
                if (
                    !response.TryGetProperty("content", out var content)
                    || !content.TryGetProperty("application/problem+json", out var problem)
                )
                {
                    failures.Add($"{endpoint.Key} {status} is not problem+json");
                    continue;
                }

                var schema = Resolve(document, problem.GetProperty("schema"));
                if (
                    !schema.GetProperty("properties").TryGetProperty("code", out _)
                    || !schema.GetProperty("required").EnumerateArray().Any(r => r.GetString() == "code")
                )
                {
                    failures.Add($"{endpoint.Key} {status}: its problem schema has no required code");
                }
            }
        }

        failures.ShouldBeEmpty();
        document
            .GetProperty("components")
            .GetProperty("securitySchemes")
            .GetProperty("Bearer")
            .GetProperty("scheme")
            .GetString()
            .ShouldBe("bearer");
    }

    [Fact]
    public async Task Document_DeclaresTheStatusesTheApiAnswers_WhenDrivenIntoItsErrors()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToDictionary(o => o.Key, o => o.Operation);
        var app = env.App;
        var owner = await app.CreateUserAsync("owner");
        var householdId = await owner.CreateHouseholdAsync("Documented House");
        var member = await app.CreateMemberAsync(owner, householdId);
        var link = await owner.CreateLinkAsync(householdId, new { maxUses = 5 });
        var expired = await owner.CreateLinkAsync(householdId);
        await app.ExpireAsync(expired);
        var anonymous = app.CreateHttpClient();
        var observed = new List<(string Key, HttpResponseMessage Response)>
        {
            (
                "POST /api/v1/households",
                await owner.Client.PostAsJsonAsync("/api/v1/households", new { name = "" }, Ct)
            ),
            ("POST /api/v1/households", await anonymous.PostAsJsonAsync("/api/v1/households", new { name = "x" }, Ct)),
            (
                "POST /api/v1/households",
                await owner.Client.PostAsync(
                    "/api/v1/households",
                    new StringContent("{", System.Text.Encoding.UTF8, "application/json"),
                    Ct
                )
            ),
            ("GET /api/v1/households/{id}", await owner.Client.GetAsync($"/api/v1/households/{Guid.NewGuid()}", Ct)),
            (
                "PATCH /api/v1/households/{id}",
                await member.Client.PatchAsJsonAsync($"/api/v1/households/{householdId}", new { name = "Mine" }, Ct)
            ),
            (
                "POST /api/v1/households/{householdId}/invites",
                await member.Client.PostAsJsonAsync($"/api/v1/households/{householdId}/invites", new { }, Ct)
            ),
            (
                "POST /api/v1/households/{householdId}/invites",
                await owner.Client.PostAsJsonAsync(
                    $"/api/v1/households/{householdId}/invites",
                    new { expiresIn = "1y" },
                    Ct
                )
            ),
            (
                "DELETE /api/v1/households/{householdId}/invites/{inviteId}",
                await owner.Client.DeleteAsync($"/api/v1/households/{householdId}/invites/{Guid.NewGuid()}", Ct)
            ),
            (
                "DELETE /api/v1/households/{id}/members/{userId}",
                await owner.Client.DeleteAsync($"/api/v1/households/{householdId}/members/{owner.UserId}", Ct)
            ),
            (
                "GET /api/v1/households/{id}/activity",
                await member.Client.GetAsync($"/api/v1/households/{householdId}/activity", Ct)
            ),
            ("GET /api/v1/invites/{token}", await anonymous.GetAsync("/api/v1/invites/not-a-token", Ct)),
            ("GET /api/v1/invites/{token}", await anonymous.GetAsync($"/api/v1/invites/{InviteToken.Generate()}", Ct)),
            ("GET /api/v1/invites/{token}", await anonymous.GetAsync($"/api/v1/invites/{expired.Token}", Ct)),
            (
                "POST /api/v1/invites/{token}/accept",
                await member.Client.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)
            ),
            (
                "POST /api/v1/invites/{token}/accept",
                await anonymous.PostAsync($"/api/v1/invites/{link.Token}/accept", null, Ct)
            ),
            (
                "POST /api/v1/invites/{token}/signup",
                await anonymous.PostAsJsonAsync(
                    $"/api/v1/invites/{link.Token}/signup",
                    new { email = owner.Email, password = TestData.DefaultPassword },
                    Ct
                )
            ),
            (
                "POST /api/v1/invites/{token}/signup",
                await anonymous.PostAsJsonAsync($"/api/v1/invites/{link.Token}/signup", new { email = "no" }, Ct)
            ),
            ("GET /api/v1/account/profile", await anonymous.GetAsync("/api/v1/account/profile", Ct)),
            (
                "POST /api/v1/account/login",
                await anonymous.PostAsJsonAsync(
                    "/api/v1/account/login",
                    new { email = owner.Email, password = "wrong-password-1" },
                    Ct
                )
            ),
            (
                "DELETE /api/v1/account/sessions/{id}",
                await owner.Client.DeleteAsync("/api/v1/account/sessions/not-a-handle", Ct)
            ),
            (
                "DELETE /api/v1/account/sessions/{id}",
                await owner.Client.DeleteAsync("/api/v1/account/sessions/AAAAAAAAAAAAAAAA", Ct)
            ),
        };

        var undeclared = new List<string>();
        foreach (var (key, response) in observed)
        {
            var status = (int)response.StatusCode;
            status.ShouldBeGreaterThanOrEqualTo(400, key);
            if (
                !operations[key]
                    .GetProperty("responses")
                    .TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out _)
            )
            {
                undeclared.Add($"{key} answered {status}: {await response.Content.ReadAsStringAsync(Ct)}");
            }
        }

        undeclared.ShouldBeEmpty();
        observed.Select(o => (int)o.Response.StatusCode).Distinct().Order().ShouldBe([400, 401, 403, 404, 409, 410]);
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }

        return schema;
    }

    [Fact]
    public async Task Document_NamesThePublicUrl_NotTheRequestsHost()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "attacker.example";
        var response = await env.App.CreateHttpClient().SendAsync(request, Ct);

        var text = await response.Content.ReadAsStringAsync(Ct);
        text.ShouldNotContain("attacker.example");
    }

    [Fact]
    public async Task Reference_RendersTheDocument_UnderTheStrictContentSecurityPolicy()
    {
        await using var context = await Infrastructure.Browser.NewContextAsync(env.App);
        var page = await context.NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                refused.Add(message.Text);
            }
        };
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);

        // The reference's script is large (5 MB, 1.4 MB brotli): on a loaded machine its load event comes late, so the
        // test waits for the rendered text instead.
        var response = await page.OpenAsync("/api/docs", new() { WaitUntil = WaitUntilState.Commit });

        var csp = (await response!.AllHeadersAsync())["content-security-policy"];
        var scriptSrc = csp.Split(';')
            .Select(d => d.Trim())
            .Single(d => d.StartsWith("script-src", StringComparison.Ordinal));
        scriptSrc.ShouldStartWith("script-src 'self' 'nonce-");
        scriptSrc.ShouldNotContain("unsafe");
        await Assertions
            .Expect(page.GetByText("Create a household; the caller becomes its owner.").First)
            .ToBeVisibleAsync(new() { Timeout = 2 * Eventually.TimeoutMs });
        refused.ShouldBeEmpty();
        requests.ShouldAllBe(url =>
            url.StartsWith(env.App.BaseAddress.ToString(), StringComparison.Ordinal)
            || url.StartsWith("data:", StringComparison.Ordinal)
        );

        // Every other page keeps the policy without any nonce.
        var home = await env.App.CreateHttpClient().GetAsync("/", Ct);
        home.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self';");
    }
}
