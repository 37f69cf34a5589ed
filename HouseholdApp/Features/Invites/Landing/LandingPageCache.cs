using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using HouseholdApp.Components.Layout;
using HouseholdApp.Features.Memberships;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace HouseholdApp.Features.Invites.Landing;

/// <summary>The look-up a landing request arrived with, for the page to render instead of looking up again.</summary>
/// <param name="ExpiryText">Set only while a template is rendered: the placeholder for "expires in …".</param>
public sealed record LandingPrefetch(InviteLookup Lookup, string? ExpiryText = null);

/// <summary>Whether signed-out landing pages of usable links come from templates (on unless turned off, e.g. to compare).</summary>
public sealed class LandingPageCacheOptions
{
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// The hottest page of the app without Blazor's rendering cost on every request. A signed-out visitor's GET of a
/// usable link is answered with markup that Blazor rendered once, from <see cref="InviteLandingPage"/> itself, for the
/// visitor's theme and the link's role, with placeholder values; the visitor's own values (household, inviter,
/// expiry, link, antiforgery token) go into those holes, encoded as Blazor encodes text. Everything else (a signed-in
/// visitor, a post, a query string, any other state, a template not built yet, or one that failed its checks) goes
/// on to the Blazor page, which then reuses this look-up instead of making a second one. Tests hold the two outputs
/// equal byte for byte. The request has passed routing, rate limiting, authentication and antiforgery by now.
/// </summary>
public sealed partial class LandingPageCache(
    IServiceScopeFactory scopes,
    IHttpContextAccessor accessor,
    IAntiforgery antiforgery,
    IOptions<LandingPageCacheOptions> options,
    ILogger<LandingPageCache> logger)
{
    private static readonly object PrefetchKey = new();

    private readonly ConcurrentDictionary<(ThemeMode Theme, HouseholdRole Role), Lazy<Task<LandingTemplate?>>> templates = new();

    private long templateResponses;

    /// <summary>How many pages came from a template since start.</summary>
    public long TemplateResponses => Interlocked.Read(ref templateResponses);

    /// <summary>The look-up the middleware made for this request, once: a later look-up (after a post) is fresh.</summary>
    public static LandingPrefetch? TakePrefetched(HttpContext context)
    {
        if (context.Items.Remove(PrefetchKey, out var value))
        {
            return (LandingPrefetch?)value;
        }

        return null;
    }

    /// <summary>Builds every template now (tests compare them with Blazor's output); true when all passed their checks.</summary>
    public async Task<bool> WarmUpAsync(IServiceProvider services)
    {
        var landingEndpoint = services.GetRequiredService<EndpointDataSource>().Endpoints.First(IsLandingEndpoint);
        var built = await Task.WhenAll(
            from theme in Enum.GetValues<ThemeMode>()
            from role in Enum.GetValues<HouseholdRole>()
            select GetOrBuild(landingEndpoint, theme, role));
        return built.All(t => t is not null);
    }

    internal async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var endpoint = context.GetEndpoint();
        if (!options.Value.Enabled || !IsCandidate(context, endpoint) || context.Request.RouteValues["Token"] is not string token)
        {
            await next(context);
            return;
        }

        var invites = context.RequestServices.GetRequiredService<InviteRedemptionService>();
        var lookup = await invites.LookupAsync(token, null, context.RequestAborted);
        // A system reported dark (ThemePreference) has no template of its own: Blazor renders that page.
        if (lookup is InviteLookup.Usable { Invite: var invite } && IsPlainToken(token)
            && !(ThemePreference.Read(context) == ThemeMode.System && ThemePreference.SystemPrefersDark(context)))
        {
            var pending = GetOrBuild(endpoint!, ThemePreference.Read(context), invite.Role);
            if (pending.IsCompletedSuccessfully && pending.Result is { } template)
            {
                // Counted before the answer leaves, so whoever has read it sees the count.
                Interlocked.Increment(ref templateResponses);
                await WriteAsync(context, template, invite, token);
                return;
            }
        }

        context.Items[PrefetchKey] = new LandingPrefetch(lookup);
        await next(context);
    }

    private static bool IsCandidate(HttpContext context, Endpoint? endpoint)
    {
        var request = context.Request;
        return HttpMethods.IsGet(request.Method)
            && IsLandingEndpoint(endpoint)
            && context.User.Identity?.IsAuthenticated != true
            && !request.QueryString.HasValue
            && !request.PathBase.HasValue
            // An in-app navigation (Blazor's enhanced navigation) gets the page from Blazor, as it asks for.
            && !request.Headers.Accept.ToString().Contains("blazor-enhanced-nav", StringComparison.Ordinal);
    }

    private static bool IsLandingEndpoint(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type == typeof(InviteLandingPage);

    /// <summary>Tokens the app makes are base64url; only those go into the holes (encoding and escaping leave them as they are).</summary>
    private static bool IsPlainToken(string token) =>
        token.Length is > 0 and <= 128 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private async Task WriteAsync(HttpContext context, LandingTemplate template, InviteDetails invite, string token)
    {
        // As the page's <AntiforgeryToken /> does: the cookie when the visitor has none, and the no-cache headers.
        var tokens = antiforgery.GetAndStoreTokens(context);
        var encoder = context.RequestServices.GetService<HtmlEncoder>() ?? HtmlEncoder.Default;
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var values = new Dictionary<LandingHole, string>
        {
            [LandingHole.HouseholdName] = encoder.Encode(invite.HouseholdName),
            [LandingHole.InvitedBy] = encoder.Encode(invite.InvitedBy),
            [LandingHole.ExpiresIn] = encoder.Encode(InviteExpiryText.Describe(invite.ExpiresAt, now)),
            [LandingHole.ExpiresIso] = encoder.Encode(InviteExpiryText.Iso(invite.ExpiresAt)),
            [LandingHole.ExpiresAt] = encoder.Encode(InviteExpiryText.At(invite.ExpiresAt)),
            [LandingHole.Token] = token,
            [LandingHole.RequestToken] = encoder.Encode(tokens.RequestToken ?? ""),
        };

        var response = context.Response;
        foreach (var (name, value) in template.Headers)
        {
            response.Headers[name] = value;
        }

        var writer = response.BodyWriter;
        foreach (var segment in template.Segments)
        {
            writer.Write(segment.Literal.AsSpan());
            if (segment.Hole is { } hole)
            {
                Encoding.UTF8.GetBytes(values[hole], writer);
            }
        }

        await writer.FlushAsync(context.RequestAborted);
    }

    private Task<LandingTemplate?> GetOrBuild(Endpoint endpoint, ThemeMode theme, HouseholdRole role) =>
        templates.GetOrAdd((theme, role), key => new Lazy<Task<LandingTemplate?>>(() =>
        {
            // Rendered outside the request that asked, so its HttpContext (the accessor's, the page's) stays its own.
            using (ExecutionContext.SuppressFlow())
            {
                return Task.Run(() => BuildAsync(endpoint, key.Theme, key.Role));
            }
        })).Value;

    private async Task<LandingTemplate?> BuildAsync(Endpoint endpoint, ThemeMode theme, HouseholdRole role)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            context.Request.Method = HttpMethods.Get;
            context.Request.Scheme = "http";
            context.Request.Host = new HostString("localhost");
            context.Request.Path = InviteLinks.RelativePath(LandingTemplate.Placeholders.Token);
            context.Request.RouteValues["Token"] = LandingTemplate.Placeholders.Token;
            if (theme != ThemeMode.System)
            {
                context.Request.Headers.Cookie = $"{ThemePreference.CookieName}={theme.ToString().ToLowerInvariant()}";
            }

            context.SetEndpoint(endpoint);
            context.Items[PrefetchKey] = new LandingPrefetch(new InviteLookup.Usable(LandingTemplate.Placeholders.Invite(role)), LandingTemplate.Placeholders.ExpiresIn);
            using var body = new MemoryStream();
            context.Response.Body = body;
            accessor.HttpContext = context;
            try
            {
                await endpoint.RequestDelegate!(context);
            }
            finally
            {
                accessor.HttpContext = null;
            }

            var html = Encoding.UTF8.GetString(body.ToArray());
            var requestToken = antiforgery.GetAndStoreTokens(context).RequestToken ?? "";
            var template = LandingTemplate.Parse(html, requestToken, context.Response, out var problem);
            if (template is null)
            {
                LogTemplateRefused(theme, role, problem!);
            }

            return template;
        }
        catch (Exception ex)
        {
            LogTemplateFailed(ex, theme, role);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The landing page template ({Theme}, {Role}) is not used; Blazor renders those pages: {Problem}")]
    private partial void LogTemplateRefused(ThemeMode theme, HouseholdRole role, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The landing page template ({Theme}, {Role}) could not be built; Blazor renders those pages")]
    private partial void LogTemplateFailed(Exception ex, ThemeMode theme, HouseholdRole role);
}

/// <summary>The per-visitor places in a landing page template.</summary>
public enum LandingHole
{
    HouseholdName,
    InvitedBy,
    ExpiresIn,
    ExpiresIso,
    ExpiresAt,
    Token,
    RequestToken,
}

/// <summary>A landing page as Blazor rendered it with placeholders, cut at each placeholder into UTF-8 literals and holes.</summary>
public sealed class LandingTemplate
{
    private LandingTemplate(IReadOnlyList<Segment> segments, IReadOnlyList<KeyValuePair<string, StringValues>> headers)
    {
        Segments = segments;
        Headers = headers;
    }

    /// <summary>The headers Blazor's answer carried (content type, caching, enhanced navigation), but not its cookies.</summary>
    public IReadOnlyList<KeyValuePair<string, StringValues>> Headers { get; }

    /// <summary>Literal bytes, then the hole that follows them (none after the last).</summary>
    public IReadOnlyList<Segment> Segments { get; }

    public sealed record Segment(byte[] Literal, LandingHole? Hole);

    /// <summary>Values no real invite has, made only of characters that encoding leaves as they are.</summary>
    public static class Placeholders
    {
        public const string HouseholdName = "Hxq7HouseholdNamePlaceholder";
        public const string InvitedBy = "Hxq7InvitedByPlaceholder";
        public const string ExpiresIn = "Hxq7ExpiresInPlaceholder";
        public const string Token = "Hxq7TokenPlaceholder0123456789abcdefghijklmn";

        /// <summary>An instant whose two written forms appear nowhere else on the page.</summary>
        public static readonly DateTimeOffset ExpiresAt = new(2345, 6, 7, 8, 9, 10, 111, TimeSpan.Zero);

        public static InviteDetails Invite(HouseholdRole role) =>
            new(Guid.Empty, Guid.Empty, HouseholdName, InvitedBy, role, ExpiresAt);
    }

    /// <summary>Cuts the rendered page at its placeholders; null (and why) when the page is not what a template must be.</summary>
    public static LandingTemplate? Parse(string html, string requestToken, HttpResponse response, out string? problem)
    {
        problem = null;
        if (response.StatusCode != StatusCodes.Status200OK || response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) != true)
        {
            problem = $"the page answered {response.StatusCode} {response.ContentType}";
            return null;
        }

        var headers = response.Headers.Where(h => !string.Equals(h.Key, "Set-Cookie", StringComparison.OrdinalIgnoreCase)).ToList();

        if (!html.Contains("data-invite-state=\"valid\"", StringComparison.Ordinal))
        {
            problem = "the page did not show a usable link";
            return null;
        }

        var markers = new (string Text, LandingHole Hole, bool Once)[]
        {
            (Placeholders.HouseholdName, LandingHole.HouseholdName, false),
            (Placeholders.InvitedBy, LandingHole.InvitedBy, true),
            (Placeholders.ExpiresIn, LandingHole.ExpiresIn, true),
            (InviteExpiryText.Iso(Placeholders.ExpiresAt), LandingHole.ExpiresIso, true),
            (InviteExpiryText.At(Placeholders.ExpiresAt), LandingHole.ExpiresAt, true),
            (Placeholders.Token, LandingHole.Token, false),
            (requestToken, LandingHole.RequestToken, true),
        };
        foreach (var (text, hole, once) in markers)
        {
            var count = Count(html, text);
            if (text.Length < 16 || count == 0 || (once && count != 1))
            {
                problem = $"the placeholder for {hole} appears {count} times";
                return null;
            }
        }

        var segments = new List<Segment>();
        var position = 0;
        while (true)
        {
            var next = markers
                .Select(m => (m.Text, m.Hole, At: html.IndexOf(m.Text, position, StringComparison.Ordinal)))
                .Where(m => m.At >= 0)
                .OrderBy(m => m.At)
                .FirstOrDefault();
            if (next.Text is null)
            {
                segments.Add(new Segment(Encoding.UTF8.GetBytes(html[position..]), null));
                return new LandingTemplate(segments, headers);
            }

            segments.Add(new Segment(Encoding.UTF8.GetBytes(html[position..next.At]), next.Hole));
            position = next.At + next.Text.Length;
        }
    }

    private static int Count(string html, string text)
    {
        var count = 0;
        for (var at = html.IndexOf(text, StringComparison.Ordinal); at >= 0; at = html.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
