namespace HouseholdApp.Common;

internal static class HttpProtocol
{
    /// <summary>
    /// HEAD is answered wherever GET is: the request runs as a GET (same routing, authorization, rate limits and
    /// status) and the body is dropped. Endpoints are mapped for GET only, so without this HEAD would be a 404.
    /// </summary>
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) =>
        app.Use(
            async (context, next) =>
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
            }
        );

    /// <summary>For responses that describe a secret link: no cache, shared or private, keeps them.</summary>
    public static TBuilder WithNoStore<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(
            async (context, next) =>
            {
                context.HttpContext.Response.Headers.CacheControl = "no-store";
                return await next(context);
            }
        );
}
