using System.Text.RegularExpressions;

namespace HouseholdApp.Features.ExternalLogins;

/// <summary>One configured OpenID Connect provider, as pages, endpoints and the security headers see it.</summary>
public sealed partial record OidcProvider(string Key, string DisplayName, Uri Authority)
{
    /// <summary>
    /// The authentication scheme, which is also the login provider name stored with each linked account.
    /// </summary>
    public string Scheme => "oidc-" + Key.ToLowerInvariant();

    /// <summary>
    /// Where the provider sends the browser back: the redirect URI to register there (on App:PublicUrl).
    /// </summary>
    public string CallbackPath => "/signin-oidc-" + Key.ToLowerInvariant();

    /// <summary>
    /// The origin the sign-in form's post is redirected to (the Content-Security-Policy's form-action).
    /// </summary>
    public string Origin => Authority.GetLeftPart(UriPartial.Authority);

    public static bool IsValidKey(string key) => KeyPattern().IsMatch(key);

    /// <summary>An absolute https address, or http to this machine only; null when the text is none of these.</summary>
    public static Uri? ParseAuthority(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri)
        && string.IsNullOrEmpty(uri.Query)
        && string.IsNullOrEmpty(uri.Fragment)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            ? uri
            : null;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")]
    private static partial Regex KeyPattern();
}

/// <summary>The providers configured under Authentication:Oidc, read once at start-up.</summary>
public sealed class OidcProviders(IReadOnlyList<OidcProvider> all)
{
    public IReadOnlyList<OidcProvider> All { get; } = all;

    /// <summary>
    /// The provider with this key or scheme; null for anything else (a form's value is never trusted).
    /// </summary>
    public OidcProvider? Find(string? keyOrScheme) =>
        All.FirstOrDefault(p =>
            string.Equals(p.Key, keyOrScheme, StringComparison.OrdinalIgnoreCase)
            || string.Equals(p.Scheme, keyOrScheme, StringComparison.Ordinal)
        );

    /// <summary>
    /// The name people know a stored login by (a provider since removed from the settings keeps its scheme).
    /// </summary>
    public string DisplayNameOf(string scheme) => Find(scheme)?.DisplayName ?? scheme;
}
