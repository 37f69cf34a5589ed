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

    internal static Uri? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new InvalidOperationException($"{Setting} must be an absolute http or https address such as https://home.example.org; it is '{value}'.");
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
        address = address.Replace("://+", "://localhost", StringComparison.Ordinal)
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

    /// <summary>Checks the setting at start-up (a bad value stops the app) and warns once listening when it is empty.</summary>
    public static WebApplication UsePublicUrl(this WebApplication app)
    {
        var publicUrl = app.Services.GetRequiredService<PublicUrl>();
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

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "App:PublicUrl is not set: invite links and QR codes point at {Address}, the address this server listens on. " +
        "People on other devices may not be able to open them; set App:PublicUrl (environment variable App__PublicUrl) to the address they use.")]
    private static partial void LogNoPublicUrl(ILogger logger, Uri address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Links are made with the public address {Address}")]
    private static partial void LogPublicUrl(ILogger logger, Uri address);
}
