using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace HouseholdApp.Components.Shared;

/// <summary>
/// A sentence from resources with markup around its values (a name in bold, a date in a <c>&lt;time&gt;</c>): the
/// resource holds plain words with <c>{0}</c>, <c>{1}</c>…, and the page hands in the markup for each.
/// </summary>
public static partial class TextFragments
{
    public static RenderFragment Compose(string template, params RenderFragment[] values) =>
        builder =>
        {
            var at = 0;
            foreach (Match match in Placeholder().Matches(template))
            {
                builder.AddContent(0, template[at..match.Index]);
                builder.AddContent(
                    1,
                    values[
                        int.Parse(
                            match.Groups[1].ValueSpan,
                            provider: System.Globalization.CultureInfo.InvariantCulture
                        )
                    ]
                );
                at = match.Index + match.Length;
            }

            builder.AddContent(2, template[at..]);
        };

    /// <summary>The sentence with its one value in <c>&lt;strong&gt;&lt;bdi&gt;</c>: a name people chose.</summary>
    public static RenderFragment Strong(string template, string value) =>
        Compose(template, builder => StrongName(builder, value));

    private static void StrongName(RenderTreeBuilder builder, string value)
    {
        builder.OpenElement(0, "strong");
        builder.OpenElement(1, "bdi");
        builder.AddContent(2, value);
        builder.CloseElement();
        builder.CloseElement();
    }

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();
}
