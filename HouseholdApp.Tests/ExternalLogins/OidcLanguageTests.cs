using System.Net.Http.Headers;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.ExternalLogins;

public sealed class OidcLanguageTests(TestEnvironment env)
{
    [Fact]
    public async Task CancelledAtTheProvider_TheSignInPageSaysSoInGerman()
    {
        var client = env.App.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("de"));

        var html = await client.GetStringAsync(
            "/Account/Login?ExternalError=denied",
            TestContext.Current.CancellationToken
        );

        System
            .Net.WebUtility.HtmlDecode(PageText.VisibleText(html))
            .ShouldContain(
                "Fehler: Die Anmeldung wurde beim Anmeldedienst abgebrochen, "
                    + "deshalb wurde nichts mit dieser App geteilt."
            );
        html.ShouldContain("mud-alert-text-error");
    }
}
