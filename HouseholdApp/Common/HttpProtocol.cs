using System.Reflection;

namespace HouseholdApp.Common;

internal static class HttpProtocol
{
    /// <summary>
    /// HEAD is answered wherever GET is: the request runs as a GET (same routing, authorization, rate limits and
    /// status) and the body is dropped. Endpoints are mapped for GET only, so without this HEAD would be a 404.
    /// </summary>
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }

            context.Request.Method = HttpMethods.Get;
            var body = context.Response.Body;
            context.Response.Body = Stream.Null;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = body;
                context.Request.Method = HttpMethods.Head;
            }
        });

    /// <summary>For responses that describe a secret link: no cache, shared or private, keeps them.</summary>
    public static TBuilder WithNoStore<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(context);
        });

    /// <summary>
    /// Identity's account endpoints check an e-mail address only as far as Identity does, so an address longer than
    /// the column (256) reached the database and answered 500. Each e-mail-bearing property of the request is
    /// checked here first and answers a 400 validation problem.
    /// </summary>
    public static TBuilder WithAccountInputValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            Dictionary<string, string[]>? errors = null;
            foreach (var argument in context.Arguments)
            {
                if (argument is null || argument.GetType().Namespace?.StartsWith("Microsoft.AspNetCore.Identity", StringComparison.Ordinal) != true)
                {
                    continue;
                }

                foreach (var property in argument.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (property.PropertyType == typeof(string) && property.Name.EndsWith("Email", StringComparison.Ordinal)
                        && property.GetValue(argument) is string { Length: > MaxEmailLength })
                    {
                        errors ??= [];
                        errors[JsonName(property.Name)] = [$"An e-mail address can be at most {MaxEmailLength} characters long."];
                    }
                    else if (argument is Microsoft.AspNetCore.Identity.Data.RegisterRequest or Microsoft.AspNetCore.Identity.Data.InfoRequest
                             && property.Name is "Email" or "NewEmail" && property.GetValue(argument) is string { Length: > 0 } address
                             && Features.Accounts.EmailAddresses.Validate(address).Error is { } rule)
                    {
                        // An address being set or changed follows the one rule set of every other path.
                        errors ??= [];
                        errors[JsonName(property.Name)] = [rule];
                    }
                }
            }

            return errors is null
                ? await next(context)
                : new Error(ErrorKind.Validation, "invalid_email", errors.Values.First()[0])
                {
                    Fields = errors,
                }.ToProblem();
        });

    public const int MaxEmailLength = 256;

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
