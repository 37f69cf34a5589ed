using HouseholdApp.Features.ExternalLogins;

namespace HouseholdApp.Common;

internal static class SecurityHeaders
{
    // No inline script or eval anywhere: every script is a file served by the app itself. Styles may be inline:
    // MudBlazor's components set style attributes, and its theme provider writes an inline <style>.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        + "form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        // A sign-in provider's button posts a form that is redirected to the provider: its origin, and only the
        // configured providers' origins, may be a form's destination.
        var providers = app
            .ApplicationServices.GetRequiredService<OidcProviders>()
            .All.Select(p => p.Origin)
            .Distinct(StringComparer.OrdinalIgnoreCase);
        var policy = ContentSecurityPolicy.Replace(
            "form-action 'self'",
            string.Join(' ', ["form-action 'self'", .. providers]),
            StringComparison.Ordinal
        );
        return app.Use(
            (context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers.ContentSecurityPolicy = ScriptNonce(context) is { } nonce
                        ? policy.Replace(
                            "script-src 'self'",
                            $"script-src 'self' 'nonce-{nonce}'",
                            StringComparison.Ordinal
                        )
                        : policy;
                    headers.XContentTypeOptions = "nosniff";
                    headers.XFrameOptions = "DENY";
                    headers["Referrer-Policy"] = "no-referrer";
                    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                    headers["Cross-Origin-Opener-Policy"] = "same-origin";
                    // Pages and API answers carry personal data, codes or tokens: no cache keeps them unless the
                    // response chose its own policy (static assets do).
                    if (string.IsNullOrEmpty(headers.CacheControl))
                    {
                        headers.CacheControl = "no-store";
                    }

                    return Task.CompletedTask;
                });
                return next(context);
            }
        );
    }

    /// <summary>The API reference (/api/docs) starts itself with an inline module script carrying a fresh nonce per
    /// response.</summary>
    private static string? ScriptNonce(HttpContext context) =>
        context.Items.TryGetValue(Scalar.AspNetCore.ScalarOptions.NonceHttpContextItemKey, out var nonce)
            ? nonce as string
            : null;
}
