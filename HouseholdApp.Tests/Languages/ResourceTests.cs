using System.Text.RegularExpressions;
using System.Xml.Linq;
using HouseholdApp.Components.Layout;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Languages;

/// <summary>
/// Every language has every text: each area's English resources (<c>XTexts.resx</c>) have a file per shipped language
/// beside them with exactly the same keys, the same placeholders, and both plural forms.
/// </summary>
public sealed partial class ResourceTests
{
    private static readonly string AppDirectory = Path.Combine(Paths.RepositoryRoot, "HouseholdApp");

    public static TheoryData<string> Areas() =>
        [
            .. Directory
                .EnumerateFiles(AppDirectory, "*.resx", SearchOption.AllDirectories)
                .Where(f =>
                    !Path.GetFileNameWithoutExtension(f).Contains('.', StringComparison.Ordinal)
                    && !f.Contains("/bin/", StringComparison.Ordinal)
                    && !f.Contains("/obj/", StringComparison.Ordinal)
                )
                .Select(f => Path.GetRelativePath(AppDirectory, f))
                .Order(StringComparer.Ordinal),
        ];

    [Fact]
    public void TheAreasAreFound()
    {
        Areas().Count.ShouldBeGreaterThanOrEqualTo(8);
    }

    [Theory]
    [MemberData(nameof(Areas))]
    public void EachLanguage_HasTheSameKeys_AndPlaceholders_AsEnglish(string area)
    {
        var english = Read(Path.Combine(AppDirectory, area));
        foreach (var language in LanguagePreference.Languages.Where(l => l != LanguagePreference.Default))
        {
            var file = Path.Combine(AppDirectory, Path.ChangeExtension(area, $".{language}.resx"));
            File.Exists(file).ShouldBeTrue($"{area} has no {language} file");
            var translated = Read(file);

            english.Keys.Except(translated.Keys).ShouldBeEmpty($"keys of {area} missing in {language}");
            translated
                .Keys.Except(english.Keys)
                .ShouldBeEmpty($"keys of {area} in {language} that English does not have");
            foreach (var (key, text) in english)
            {
                Placeholders(translated[key])
                    .ShouldBe(Placeholders(text), $"{area} {key} in {language}: the placeholders differ");
                translated[key].Trim().ShouldNotBeEmpty($"{area} {key} in {language} is empty");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Areas))]
    public void APlural_HasBothForms(string area)
    {
        var keys = Read(Path.Combine(AppDirectory, area)).Keys.ToHashSet(StringComparer.Ordinal);
        foreach (
            var key in keys.Where(k =>
                k.EndsWith("_one", StringComparison.Ordinal) || k.EndsWith("_other", StringComparison.Ordinal)
            )
        )
        {
            var stem = key[..key.LastIndexOf('_')];
            keys.ShouldContain(stem + "_one", $"{area}: {key} without its singular");
            keys.ShouldContain(stem + "_other", $"{area}: {key} without its plural");
        }
    }

    private static Dictionary<string, string> Read(string file) =>
        XDocument
            .Load(file)
            .Root!.Elements("data")
            .ToDictionary(
                d => (string)d.Attribute("name")!,
                d => (string?)d.Element("value") ?? "",
                StringComparer.Ordinal
            );

    private static string[] Placeholders(string text) =>
        [.. Placeholder().Matches(text).Select(m => m.Groups["index"].Value).Distinct().Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{(?<index>\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}
