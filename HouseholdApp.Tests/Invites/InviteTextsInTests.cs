using System.Globalization;
using HouseholdApp.Common;
using HouseholdApp.Features.Invites;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Invites;

/// <summary>The invite feature's words outside the app, and a reader's language for part of a test.</summary>
internal static class InviteTextsInTests
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddLogging().AddTexts().AddSingleton<InviteErrors>().BuildServiceProvider();

    public static InviteTexts Texts => Services.GetRequiredService<InviteTexts>();

    public static InviteErrors Errors => Services.GetRequiredService<InviteErrors>();

    /// <summary>Reads and formats in <paramref name="culture"/> until disposed, as a request in that language would.</summary>
    public static IDisposable Speaking(string culture)
    {
        var (ui, formats) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        return new Restore(() => (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, formats));
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
