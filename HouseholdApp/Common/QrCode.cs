using QRCoder;

namespace HouseholdApp.Common;

/// <summary>A QR code a phone's camera reads: an invite link, or the key for an authenticator app.</summary>
public static class QrCode
{
    /// <summary>
    /// An SVG as a data: URI for an &lt;img&gt;: the CSP allows data: images, and an image keeps the SVG's own
    /// markup out of the page (no inline styles for the CSP to refuse). The view box lets CSS size it.
    /// </summary>
    public static string SvgDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(
            4,
            "#000000",
            "#ffffff",
            drawQuietZones: true,
            SvgQRCode.SizingMode.ViewBoxAttribute
        );
        return "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
    }
}
