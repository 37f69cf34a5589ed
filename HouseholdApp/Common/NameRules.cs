using System.Buffers;
using System.Globalization;
using System.Text;

namespace HouseholdApp.Common;

/// <summary>
/// A name people type: trimmed, 1 to <paramref name="MaxLength"/> characters, none of them a control or invisible
/// formatting character (bidi overrides and isolates, zero-width characters, BOM), which could rewrite how the page
/// around the name reads. The rule names its two messages (<paramref name="TooLong"/> is given the limit); their words
/// are in <see cref="SharedTexts"/>.
/// </summary>
public sealed record NameRule(int MaxLength, Func<SharedTexts, int, string> TooLong, Func<SharedTexts, string> Hidden)
{
    /// <summary>The trimmed name, or null when blank (callers decide whether blank is allowed); an error, in the
    /// reader's language, when it breaks the rule.</summary>
    public (string? Name, string? Error) Check(string? value, SharedTexts texts)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return (null, null);
        }

        if (trimmed.Length > MaxLength)
        {
            return (null, TooLong(texts, MaxLength));
        }

        return HasHidden(trimmed) ? (null, Hidden(texts)) : (trimmed, null);
    }

    /// <summary>
    /// Control and formatting characters (U+200B–200F, U+202A–202E, U+2066–2069, U+FEFF…), line and paragraph
    /// separators, and broken surrogate pairs.
    /// </summary>
    public static bool HasHidden(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (
                Rune.DecodeFromUtf16(text, out var rune, out var used) != OperationStatus.Done
                || Rune.GetUnicodeCategory(rune)
                    is UnicodeCategory.Control
                        or UnicodeCategory.Format
                        or UnicodeCategory.LineSeparator
                        or UnicodeCategory.ParagraphSeparator
            )
            {
                return true;
            }

            text = text[used..];
        }

        return false;
    }
}

/// <summary>Each rule for text people type, declared once: forms, API validation and the EF configuration read
/// these.</summary>
public static class NameRules
{
    public const int DisplayNameMaxLength = 50;

    public const int HouseholdNameMaxLength = 100;

    public const int InviteLabelMaxLength = 50;

    public const int PasskeyNameMaxLength = 100;

    /// <summary>How people are shown to others; one left empty at sign-up becomes the part of the address before '@'
    /// (set by the database's trigger as the account is inserted, so every way of creating an account gets
    /// one).</summary>
    public static readonly NameRule DisplayName = new(
        DisplayNameMaxLength,
        (t, max) => t.DisplayNameTooLong(max),
        t => t.DisplayNameHidden
    );

    public static readonly NameRule HouseholdName = new(
        HouseholdNameMaxLength,
        (t, max) => t.HouseholdNameTooLong(max),
        t => t.HouseholdNameHidden
    );

    public static readonly NameRule InviteLabel = new(
        InviteLabelMaxLength,
        (t, max) => t.InviteLabelTooLong(max),
        t => t.InviteLabelHidden
    );

    public static readonly NameRule PasskeyName = new(
        PasskeyNameMaxLength,
        (t, max) => t.PasskeyNameTooLong(max),
        t => t.PasskeyNameHidden
    );
}
