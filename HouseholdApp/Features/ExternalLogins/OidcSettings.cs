using System.ComponentModel.DataAnnotations;
using HouseholdApp.Common;

namespace HouseholdApp.Features.ExternalLogins;

/// <summary>
/// Every OpenID Connect provider under Authentication:Oidc, by its key (Authentication:Oidc:{Key}:Authority, …). The
/// key names the provider's scheme and its callback path, so it is a short plain word.
/// </summary>
internal sealed class OidcSettings : Dictionary<string, OidcProviderSettings>
{
    public const string Section = "Authentication:Oidc";

    public OidcSettings()
        : base(StringComparer.OrdinalIgnoreCase) { }

    /// <summary>
    /// The providers as configured now (read once, at start-up: each becomes an authentication scheme).
    /// </summary>
    public static OidcSettings Read(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<OidcSettings>() ?? [];
}

internal sealed class OidcProviderSettings
{
    [Required(
        ErrorMessage = "is required: the provider's issuer address, "
            + "such as https://auth.example.org/application/o/householdapp/"
    )]
    [ProviderAddress]
    public string? Authority { get; set; }

    [Required(ErrorMessage = "is required: the client id the provider gave this app")]
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    [Required(ErrorMessage = "is required: the name on the \"Continue with …\" button")]
    [StringLength(NameRules.DisplayNameMaxLength, ErrorMessage = "must be at most {1} characters")]
    public string? DisplayName { get; set; }

    /// <summary>Scopes asked for besides <c>openid</c> (default <c>profile email</c>), separated by spaces.</summary>
    [RegularExpression(
        "^[\\x21\\x23-\\x5B\\x5D-\\x7E ]*$",
        ErrorMessage = "must be scope names separated by spaces, such as \"profile email\""
    )]
    public string? Scopes { get; set; }

    /// <summary>HTTPS, or plain HTTP to this machine only (a provider on the same host, or a test's).</summary>
    private sealed class ProviderAddressAttribute()
        : ValidationAttribute(
            "must be an absolute https address (http only for localhost), such as https://auth.example.org/realms/home"
        )
    {
        public override bool IsValid(object? value) =>
            value is not string text || OidcProvider.ParseAuthority(text) is not null;
    }
}
