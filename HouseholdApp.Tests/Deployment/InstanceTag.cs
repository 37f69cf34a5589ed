using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Deployment;

/// <summary>
/// Test-only response headers: which instance answered, and the scheme and client address the app saw once its
/// forwarded-headers handling ran (read when the response starts, after the whole pipeline).
/// </summary>
public static class InstanceTag
{
    public const string InstanceHeader = "X-Test-Instance";
    public const string SeenHeader = "X-Test-Seen";

    public static Action<IServiceCollection> Services(string name) =>
        services => services.AddSingleton<IStartupFilter>(new Filter(name));

    private sealed class Filter(string name) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
            app =>
            {
                app.Use(
                    (context, nextMiddleware) =>
                    {
                        context.Response.OnStarting(() =>
                        {
                            context.Response.Headers[InstanceHeader] = name;
                            context.Response.Headers[SeenHeader] =
                                $"{context.Request.Scheme} {context.Connection.RemoteIpAddress}";
                            return Task.CompletedTask;
                        });
                        return nextMiddleware(context);
                    }
                );
                next(app);
            };
    }
}
