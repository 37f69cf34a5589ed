using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HouseholdApp.Common;

/// <summary>
/// The one base of every link the app shows, returns or mails: App:PublicUrl. A request's Host header never
/// builds a link (anyone can send any Host). Without the setting, the address the server listens on is used,
/// which people on other machines usually cannot open; start-up warns about it.
/// </summary>
public sealed class PublicUrl(IConfiguration configuration, IServer server)
{
    public const string Setting = "App:PublicUrl";

    private Uri? fromListener;

    /// <summary>The configured public address, or null when App:PublicUrl is empty.</summary>
    public Uri? Configured { get; } = Parse(configuration[Setting]);

    /// <summary>The base address, ending in a slash.</summary>
    public Uri Base => Configured ?? (fromListener ??= FromListener());

    /// <summary>An absolute link for a path of this app, such as <c>/invites/abc</c>.</summary>
    public string Absolute(string relativePath) => new Uri(Base, relativePath.TrimStart('/')).ToString();

    /// <summary>
    /// A redirect's <c>Location</c> for a path of this app: absolute on App:PublicUrl when it is set, else a
    /// path the browser resolves against the address it used (never one made from the Host header).
    /// </summary>
    public string ForRedirect(string relativePath, PathString pathBase = default) =>
        Configured is null ? pathBase.Value + "/" + relativePath.TrimStart('/') : Absolute(relativePath);

    /// <summary>
    /// <paramref name="location"/> as this app should send it: an absolute address built from the request's own
    /// scheme and Host (the framework's redirects and sign-in challenges) moves onto App:PublicUrl; relative ones
    /// and other sites' addresses stay as they are.
    /// </summary>
    public string RebaseRedirect(HttpRequest request, string location)
    {
        if (
            location.StartsWith('/')
            && !location.StartsWith("//", StringComparison.Ordinal)
            && !location.StartsWith("/\\", StringComparison.Ordinal)
        )
        {
            // A path of this app (LocalRedirect, "~/"): on App:PublicUrl when it is set, as every other link.
            var end = location.IndexOfAny(['?', '#']);
            var path = end < 0 ? location : location[..end];
            return Configured is null
                ? location
                : Absolute(StripPathBase(request, new PathString(path)) + location[path.Length..]);
        }

        if (
            !Uri.TryCreate(location, UriKind.Absolute, out var target)
            || target.Scheme is not ("http" or "https")
            || !Uri.TryCreate($"{request.Scheme}://{request.Host.Value}/", UriKind.Absolute, out var origin)
            || Uri.Compare(
                target,
                origin,
                UriComponents.SchemeAndServer,
                UriFormat.Unescaped,
                StringComparison.OrdinalIgnoreCase
            ) != 0
        )
        {
            return location;
        }

        var relative = StripPathBase(request, new PathString(target.AbsolutePath)) + target.Query + target.Fragment;
        return ForRedirect(relative, request.PathBase);
    }

    private static string StripPathBase(HttpRequest request, PathString path) =>
        (path.StartsWithSegments(request.PathBase, out var rest) ? rest : path).Value ?? "";

    internal static Uri? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (
            !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query)
            || !string.IsNullOrEmpty(uri.Fragment)
        )
        {
            throw new InvalidOperationException(
                $"{Setting} must be an absolute http or https address such as https://home.example.org; "
                    + $"it is '{value}'."
            );
        }

        // A base with a path (https://example.org/household) keeps it: links are made relative to a trailing slash.
        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }

    private Uri FromListener()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault()
            ?? "http://localhost:5000";
        // Wildcard listeners (http://+:80, http://[::]:80, http://0.0.0.0:80) name no reachable host.
        address = address
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);
        return new Uri(address.TrimEnd('/') + "/");
    }
}

internal static partial class PublicUrlSetup
{
    public static IHostApplicationBuilder AddPublicUrl(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PublicUrl>();
        return builder;
    }

    /// <summary>The framework's redirect headers that can carry an address built from the request.</summary>
    private static readonly string[] RedirectHeaders = ["Location", "blazor-enhanced-nav-redirect-location"];

    /// <summary>
    /// Checks the setting at start-up (a bad value stops the app), warns once listening when it is empty, and keeps
    /// the Host header out of every redirect (cookie challenges, Blazor's and Identity's redirects build theirs
    /// from it).
    /// </summary>
    public static WebApplication UsePublicUrl(this WebApplication app)
    {
        var publicUrl = app.Services.GetRequiredService<PublicUrl>();
        app.Use(
            (context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    foreach (var header in RedirectHeaders)
                    {
                        if (context.Response.Headers.TryGetValue(header, out var value) && value.Count == 1)
                        {
                            context.Response.Headers[header] = publicUrl.RebaseRedirect(
                                context.Request,
                                value.ToString()
                            );
                        }
                    }

                    return Task.CompletedTask;
                });
                return next(context);
            }
        );
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PublicUrl).FullName!);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (publicUrl.Configured is null)
            {
                LogNoPublicUrl(logger, publicUrl.Base);
            }
            else
            {
                LogPublicUrl(logger, publicUrl.Base);
            }
        });
        return app;
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "App:PublicUrl is not set: invite links and QR codes point at {Address}, "
            + "the address this server listens on. "
            + "People on other devices may not be able to open them; "
            + "set App:PublicUrl (environment variable App__PublicUrl) to the address they use."
    )]
    private static partial void LogNoPublicUrl(ILogger logger, Uri address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Links are made with the public address {Address}")]
    private static partial void LogPublicUrl(ILogger logger, Uri address);
}
