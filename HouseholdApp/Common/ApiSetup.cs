using System.Security.Claims;
using System.Text.Json.Serialization;
using HouseholdApp.Data;
using HouseholdApp.Features.Accounts;
using HouseholdApp.Features.Activity;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;

namespace HouseholdApp.Common;

internal static class ApiAuthorization
{
    /// <summary>The JSON API authenticates bearer tokens only, so a browser's cookie can never be used cross-site
    /// against it.</summary>
    public const string PolicyName = "api";

    public static string RequiredUserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("An authenticated principal without a user id.");
}

internal static class ApiSetup
{
    public const string Prefix = "/api/v1";

    public static IHostApplicationBuilder AddApi(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddProblemDetails(o =>
            o.CustomizeProblemDetails = ctx =>
            {
                // Every problem carries a stable code; framework-made problems get one from their status, and their
                // title in the reader's language (ours come with theirs).
                if (!ctx.ProblemDetails.Extensions.ContainsKey("code"))
                {
                    ctx.HttpContext.UseRequestCulture();
                    var texts = ctx.HttpContext.RequestServices.GetRequiredService<SharedTexts>();
                    ctx.ProblemDetails.Title =
                        ctx.ProblemDetails is HttpValidationProblemDetails
                            ? texts.ValidationFailed
                            : texts.StatusTitle(ctx.ProblemDetails.Status ?? StatusCodes.Status500InternalServerError)
                                ?? ctx.ProblemDetails.Title;
                    ctx.ProblemDetails.Extensions["code"] = ctx.ProblemDetails.Status switch
                    {
                        StatusCodes.Status400BadRequest => "bad_request",
                        StatusCodes.Status401Unauthorized => "unauthorized",
                        StatusCodes.Status403Forbidden => "forbidden",
                        StatusCodes.Status404NotFound => "not_found",
                        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
                        StatusCodes.Status413PayloadTooLarge => "payload_too_large",
                        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
                        StatusCodes.Status429TooManyRequests => "rate_limited",
                        _ => "server_error",
                    };
                }
            }
        );
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddErrorHandling();
        // Binding failures throw, so the handler above answers them as problem+json in every environment.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder
            .Services.AddAuthorizationBuilder()
            .AddPolicy(ApiAuthorization.PolicyName, policy =>
                policy.AddAuthenticationSchemes(Features.Sessions.SessionSetup.BearerScheme).RequireAuthenticatedUser()
            );
        builder.Services.AddApiDocumentation();
        return builder;
    }

    public static WebApplication MapApi(this WebApplication app)
    {
        var api = app.MapGroup(Prefix);
        api.MapHouseholdEndpoints();
        api.MapInviteEndpoints();
        api.MapMembershipEndpoints();
        api.MapActivityEndpoints();
        api.MapProfileEndpoints();
        api.MapAccountEndpoints();
        app.MapApiDocumentation();
        return app;
    }
}

/// <summary>
/// Bad JSON, wrong types or a missing body surface as <see cref="BadHttpRequestException"/>; they are the
/// client's mistake and answer 400 problem+json, never 500. So is text PostgreSQL cannot store (U+0000, which JSON
/// can carry as "\u0000"): the database refuses it with SQLSTATE 22021 wherever it reaches a query, including
/// Identity's own endpoints, and the failed statement has written nothing.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems, SharedTexts texts) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(
        HttpContext httpContext,
        Exception exception,
        CancellationToken cancellationToken
    )
    {
        httpContext.UseRequestCulture();
        if (IsUnstorableText(exception))
        {
            return await problems.WriteProblemAsync(
                httpContext,
                StatusCodes.Status400BadRequest,
                "invalid_characters",
                texts.ProblemTitle(ErrorKind.Validation),
                texts.InvalidCharacters
            );
        }

        if (
            exception is Microsoft.EntityFrameworkCore.DbUpdateException duplicate
            && (
                duplicate.IsUniqueViolation(ConstraintNames.UserEmailUnique)
                || duplicate.IsUniqueViolation(ConstraintNames.UserNameUnique)
            )
        )
        {
            // Concurrent registrations with one address all pass Identity's check in code; the unique index refuses
            // all but one. The losers get what a later duplicate gets from Identity's register endpoint.
            httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            var message = texts.EmailTaken;
            return await problems.TryWriteAsync(
                new ProblemDetailsContext
                {
                    HttpContext = httpContext,
                    ProblemDetails = new HttpValidationProblemDetails(
                        new Dictionary<string, string[]>
                        {
                            [nameof(IdentityErrorDescriber.DuplicateUserName)] = [message],
                            [nameof(IdentityErrorDescriber.DuplicateEmail)] = [message],
                        }
                    )
                    {
                        Status = StatusCodes.Status400BadRequest,
                        Title = texts.ValidationFailed,
                        Extensions = { ["code"] = "email_taken" },
                    },
                }
            );
        }

        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        return await problems.WriteProblemAsync(
            httpContext,
            badRequest.StatusCode,
            badRequest.StatusCode == StatusCodes.Status400BadRequest ? "malformed_request" : "bad_request",
            texts.UnreadableTitle,
            texts.UnreadableDetail
        );
    }

    private static bool IsUnstorableText(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.CharacterNotInRepertoire })
            {
                return true;
            }
        }

        return false;
    }
}
