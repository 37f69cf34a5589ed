using System.Globalization;
using HouseholdApp.Common;
using HouseholdApp.Components.Layout;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using Microsoft.Extensions.DependencyInjection;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>Every area's words outside the app, read from the real resources (the app's own registrations, so a
/// <see cref="Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory"/>), and a reader's language for
/// part of a test.</summary>
internal static class TextsInTests
{
    private static readonly ServiceProvider Services = new ServiceCollection()
        .AddLogging()
        .AddTexts()
        .AddSingleton<InviteErrors>()
        .BuildServiceProvider();

    /// <summary>Any registered texts class (or <see cref="InviteErrors"/>).</summary>
    public static T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public static SharedTexts Shared => Get<SharedTexts>();

    public static HouseholdTexts Households => Get<HouseholdTexts>();

    public static InviteTexts Invites => Get<InviteTexts>();

    public static InviteErrors InviteErrors => Get<InviteErrors>();

    /// <summary>Reads and formats in <paramref name="culture"/> until disposed, as a request in that language
    /// would.</summary>
    public static IDisposable Speaking(string culture) => LanguagePreference.Use(CultureInfo.GetCultureInfo(culture));
}
