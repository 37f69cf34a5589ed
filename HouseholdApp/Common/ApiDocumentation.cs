using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace HouseholdApp.Common;

/// <summary>
/// The OpenAPI document of the JSON API at <c>/openapi/v1.json</c> and its interactive reference at <c>/api/docs</c>.
/// Each endpoint declares its own bodies and the problems it answers itself; the statuses that cross-cutting parts of
/// the pipeline answer (401 from authentication, 429 from the rate limiter, 500 and 503 from the exception handlers)
/// are added here from the endpoint's metadata, so no endpoint can forget them.
/// </summary>
internal static class ApiDocumentation
{
    public const string DocumentName = "v1";

    public const string DocumentPath = "/openapi/{documentName}.json";

    public const string ReferencePath = "/api/docs";

    public const string BearerSchemeName = "Bearer";

    public const string ProblemContentType = "application/problem+json";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, o =>
        {
            // Only the JSON API: the pages' form posts and the passkey helpers are not part of its contract.
            o.ShouldInclude = d => ("/" + d.RelativePath).StartsWith(ApiSetup.Prefix + "/", StringComparison.Ordinal);
            o.AddDocumentTransformer(
                (document, context, _) =>
                {
                    // The server is App:PublicUrl, as for every link the app makes; never the request's Host header.
                    var publicUrl = context.ApplicationServices.GetRequiredService<PublicUrl>().Base;
                    document.Servers =
                    [
                        new OpenApiServer
                        {
                            Url = publicUrl.GetLeftPart(UriPartial.Authority) + publicUrl.AbsolutePath.TrimEnd('/'),
                        },
                    ];
                    // Only the tags the endpoints name (the default one, the application's name, would stay empty).
                    var used = document
                        .Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
                        .SelectMany(o => o.Tags?.AsEnumerable() ?? [])
                        .Select(t => t.Name)
                        .ToHashSet(StringComparer.Ordinal);
                    foreach (var unused in document.Tags?.Where(t => !used.Contains(t.Name)).ToList() ?? [])
                    {
                        document.Tags!.Remove(unused);
                    }

                    // The reference opens its first group: the households API, before the account endpoints.
                    document.Tags = new SortedSet<OpenApiTag>(
                        document.Tags ?? Enumerable.Empty<OpenApiTag>(),
                        Comparer<OpenApiTag>.Create(
                            (a, b) => (TagOrder(a.Name), a.Name).CompareTo((TagOrder(b.Name), b.Name))
                        )
                    );
                    document.Info.Title = "HouseholdApp API";
                    document.Info.Description =
                        "Households, members and invite links. Errors are problem+json with a stable `code` member. "
                        + "Sign in with `POST /api/v1/account/login` and send `Authorization: Bearer <accessToken>`.";
                    document.Components ??= new OpenApiComponents();
                    document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                    document.Components.SecuritySchemes[BearerSchemeName] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        Description =
                            "The accessToken from POST /api/v1/account/login (or /refresh). Opaque, not a JWT.",
                    };
                    return Task.CompletedTask;
                }
            );
            o.AddOperationTransformer(DescribeCrossCuttingAsync);
            o.AddSchemaTransformer(
                (schema, context, _) =>
                {
                    if (
                        context.JsonPropertyInfo is null
                        && typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type)
                    )
                    {
                        DescribeProblemMembers(schema);
                    }

                    return Task.CompletedTask;
                }
            );
        });

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).DisableRateLimiting();
        app.MapScalarApiReference(ReferencePath, o => o.WithTitle("HouseholdApp API")
                    .WithOpenApiRoutePattern(DocumentPath)
                    .AddPreferredSecuritySchemes([BearerSchemeName])
                    // Everything from the app itself: no font CDN, no telemetry, no hosted AI agent, and a fresh nonce
                    // per response that SecurityHeaders puts into the page's script-src.
                    .DisableDefaultFonts()
                    .DisableTelemetry()
                    .DisableAgent()
                    .DisableMcp()
                    .HideDeveloperTools()
                    .WithNonce())
            .DisableRateLimiting();
        return app;
    }

    /// <summary>The HTTP status of every problem the pipeline itself answers for this endpoint.</summary>
    public static IReadOnlyList<int> CrossCuttingStatuses(IEnumerable<object> metadata)
    {
        var statuses = new List<int>();
        if (metadata.OfType<IAcceptsMetadata>().Any())
        {
            // A body that is not JSON of the expected shape answers malformed_request.
            statuses.Add(StatusCodes.Status400BadRequest);
        }

        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            statuses.Add(StatusCodes.Status401Unauthorized);
        }

        if (
            metadata.OfType<EnableRateLimitingAttribute>().Any()
            && !metadata.OfType<DisableRateLimitingAttribute>().Any()
        )
        {
            statuses.Add(StatusCodes.Status429TooManyRequests);
        }

        statuses.Add(StatusCodes.Status500InternalServerError);
        statuses.Add(StatusCodes.Status503ServiceUnavailable);
        return statuses;
    }

    private static async Task DescribeCrossCuttingAsync(
        OpenApiOperation operation,
        OpenApiOperationTransformerContext context,
        CancellationToken ct
    )
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var path = "/" + context.Description.RelativePath;
        if (IdentityApiSummaries.TryGetValue($"{context.Description.HttpMethod} {path}", out var summary))
        {
            operation.Summary ??= summary;
            if (context.Document is { } tagged)
            {
                operation.Tags = new HashSet<OpenApiTagReference> { new("Account", tagged) };
            }
        }

        operation.Responses ??= [];
        var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, ct);
        IOpenApiSchema problemSchema = problem;
        if (context.Document is { } document)
        {
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas.TryAdd(nameof(ProblemDetails), problem);
            problemSchema = new OpenApiSchemaReference(nameof(ProblemDetails), document);
        }

        var statuses = CrossCuttingStatuses(metadata);
        foreach (var status in statuses.Concat(IdentityApiExtraStatuses(context.Description.HttpMethod, path)))
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.ContainsKey(key))
            {
                operation.Responses[key] = new OpenApiResponse
                {
                    Description = CrossCuttingDescription(status),
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [ProblemContentType] = new() { Schema = problemSchema },
                    },
                };
            }
        }

        // An error answered without a body (Identity's NotFound, a challenge) gets a problem body from the status-code
        // pages.
        foreach (var (status, response) in operation.Responses)
        {
            if (
                int.TryParse(status, System.Globalization.CultureInfo.InvariantCulture, out var code)
                && code >= 400
                && response is OpenApiResponse { Content: null or { Count: 0 } } empty
            )
            {
                empty.Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemContentType] = new() { Schema = problemSchema },
                };
            }
        }

        if (statuses.Contains(StatusCodes.Status401Unauthorized) && context.Document is { } doc)
        {
            operation.Security ??= [];
            operation.Security.Add(
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerSchemeName, doc)] = [] }
            );
        }
    }

    private static string CrossCuttingDescription(int status) =>
        status switch
        {
            StatusCodes.Status400BadRequest => "The request is not valid (`code` says why).",
            StatusCodes.Status401Unauthorized => "No valid bearer token (`unauthorized`).",
            StatusCodes.Status403Forbidden => "Not allowed (`code` says why).",
            StatusCodes.Status429TooManyRequests =>
                "Too many attempts from this client (`rate_limited`); see `Retry-After`.",
            StatusCodes.Status500InternalServerError => "An unexpected failure (`internal_error`, with a `traceId`).",
            StatusCodes.Status503ServiceUnavailable =>
                "The database is unavailable (`database_unavailable`); see `Retry-After`.",
            _ => "A problem (`code` says which).",
        };

    private static void DescribeProblemMembers(OpenApiSchema schema)
    {
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["code"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description =
                "A stable, machine-readable error code such as `invite_expired`, "
                + "`rate_limited` or `database_unavailable`.",
        };
        schema.Properties["traceId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The request's trace id, to give to the server's operator.",
        };
        schema.Required ??= new HashSet<string>();
        schema.Required.Add("code");
    }

    private static readonly string[] TagsInOrder = ["Households", "Members", "Invites", "Activity", "Account"];

    private static int TagOrder(string? name) =>
        Array.IndexOf(TagsInOrder, name) is >= 0 and var index ? index : TagsInOrder.Length;

    // MapIdentityApi's endpoints carry no summaries, and some of our filters answer statuses Identity does not declare.
    private static readonly Dictionary<string, string> IdentityApiSummaries = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/account/register"] = "Create an account with an e-mail address and a password.",
        ["POST /api/v1/account/login"] = "Sign in; answers a bearer access token and a refresh token.",
        ["POST /api/v1/account/refresh"] = "Exchange a refresh token for a new access token.",
        ["GET /api/v1/account/confirmEmail"] = "Confirm an e-mail address with the code from the mail.",
        ["POST /api/v1/account/resendConfirmationEmail"] = "Send the confirmation mail again.",
        ["POST /api/v1/account/forgotPassword"] = "Mail a password reset code.",
        ["POST /api/v1/account/resetPassword"] = "Set a new password with a reset code.",
        ["POST /api/v1/account/manage/2fa"] = "Read or change two-factor authentication.",
        ["GET /api/v1/account/manage/info"] = "The signed-in account's e-mail address.",
        ["POST /api/v1/account/manage/info"] = "Change the signed-in account's e-mail address or password.",
    };

    // Registration:Mode=InviteOnly answers registration_closed (403); a wrong password or an expired refresh token or
    // confirmation code answers a 401 problem.
    private static IEnumerable<int> IdentityApiExtraStatuses(string? method, string path) =>
        (method, path) switch
        {
            ("POST", "/api/v1/account/register") => [StatusCodes.Status403Forbidden],
            ("POST", "/api/v1/account/login") => [StatusCodes.Status401Unauthorized],
            ("POST", "/api/v1/account/refresh") => [StatusCodes.Status401Unauthorized],
            ("GET", "/api/v1/account/confirmEmail") => [StatusCodes.Status401Unauthorized],
            _ => [],
        };
}
