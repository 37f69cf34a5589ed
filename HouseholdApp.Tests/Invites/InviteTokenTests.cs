using System.Buffers.Text;
using HouseholdApp.Common;
using HouseholdApp.Features.Invites;
using HouseholdApp.Tests.Infrastructure;

namespace HouseholdApp.Tests.Invites;

public sealed class InviteTokenTests
{
    private const string Valid = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    [Fact]
    public void Generate_HundredThousandTokens_AreUniqueBase64UrlOf32Bytes()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 100_000; i++)
        {
            var token = InviteToken.Generate();
            token.Length.ShouldBe(43);
            foreach (var c in token)
            {
                (char.IsAsciiLetterOrDigit(c) || c is '-' or '_').ShouldBeTrue(
                    $"unexpected character '{c}' in {token}"
                );
            }

            Base64Url.DecodeFromChars(token).Length.ShouldBe(32);
            InviteToken.IsWellFormed(token).ShouldBeTrue(token);
            seen.Add(token).ShouldBeTrue("duplicate token");
        }
    }

    [Fact]
    public void Generate_UsesEveryAlphabetCharacter_SoNoBiasedSubsetIsUsed()
    {
        // 43 000 characters from a uniform source: each of the 64 characters appears hundreds of times in the first 42
        // positions.
        var counts = new Dictionary<char, int>();
        for (var i = 0; i < 1000; i++)
        {
            foreach (var c in InviteToken.Generate()[..42])
            {
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }
        }

        counts.Count.ShouldBe(64);
        counts.Values.Min().ShouldBeGreaterThan(400);
        counts.Values.Max().ShouldBeLessThan(1000);
    }

    [Fact]
    public void Hash_IsSha256OfTheAsciiToken_32Bytes()
    {
        var token = InviteToken.Generate();
        var hash = InviteToken.Hash(token);
        hash.Length.ShouldBe(32);
        Convert
            .ToHexString(hash)
            .ShouldBe(
                Convert.ToHexString(
                    System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token))
                )
            );
        InviteToken.TryHash(token).ShouldBe(hash);
    }

    public static TheoryData<string> MalformedTokens() =>
        [
            "A",
            "",
            Valid[..42],
            Valid + "A",
            Valid[..42] + "B", // non-canonical: the last character's two spare bits are not zero
            Valid[..42] + "_",
            Valid[..42] + "/",
            Valid + "=",
            Valid[..42] + "=",
            "+" + Valid[1..],
            "/" + Valid[1..],
            Valid[..20] + " " + Valid[21..],
            " " + Valid[1..],
            Valid[..42] + "\n",
            Valid[..42] + "\t",
            Valid[..20] + "\u0410" + Valid[21..], // Cyrillic A
            Valid[..20] + "\uFF21" + Valid[21..], // fullwidth A
            Valid[..20] + "\u2010" + Valid[21..], // Unicode hyphen
            Valid[..20] + "\u0000" + Valid[21..],
            Valid[..20] + "\u00E9" + Valid[21..],
            Valid[..20] + "\u0661" + Valid[21..], // Arabic-Indic digit one: char.IsDigit, not ASCII
            Valid[..20] + "%" + Valid[21..],
            Valid[..20] + "." + Valid[21..],
            new string('A', 100_000),
        ];

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public void IsWellFormed_RejectsEverythingGenerateCannotProduce(string token)
    {
        InviteToken.IsWellFormed(token).ShouldBeFalse();
        InviteToken.TryHash(token).ShouldBeNull();
    }

    [Fact]
    public void IsWellFormed_RejectsNull() => InviteToken.IsWellFormed(null).ShouldBeFalse();

    [Theory]
    [InlineData(0x00)]
    [InlineData(0xFF)]
    [InlineData(0xFB)]
    [InlineData(0x3E)]
    public void IsWellFormed_AcceptsCanonicalBase64UrlOf32Bytes(int fill)
    {
        var token = Base64Url.EncodeToString(Enumerable.Repeat((byte)fill, 32).ToArray());
        InviteToken.IsWellFormed(token).ShouldBeTrue(token);
    }

    [Fact]
    public void IsWellFormed_AcceptsExactlyTheCanonicalLastCharacters()
    {
        // The last characters that encoding can produce, whatever the last byte: 16 of the 64.
        var canonical = Enumerable
            .Range(0, 256)
            .Select(b => Base64Url.EncodeToString([.. new byte[31], (byte)b])[^1])
            .ToHashSet();
        canonical.Count.ShouldBe(16);
        foreach (var last in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        {
            InviteToken.IsWellFormed(Valid[..42] + last).ShouldBe(canonical.Contains(last), $"last character '{last}'");
        }
    }
}

public sealed class InviteClassificationTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // revoked wins over everything
    [InlineData(true, 1, 1, -60, InviteState.Revoked)]
    [InlineData(true, 0, 1, 60, InviteState.Revoked)]
    [InlineData(true, 0, 1, -60, InviteState.Revoked)]
    // used up wins over expiry
    [InlineData(false, 1, 1, -60, InviteState.Used)]
    [InlineData(false, 3, 3, 60, InviteState.Used)]
    // expiry is exclusive: usable strictly before expires_at
    [InlineData(false, 0, 1, 0, InviteState.Expired)]
    [InlineData(false, 0, 1, -1, InviteState.Expired)]
    [InlineData(false, 2, 3, 1, InviteState.Valid)]
    [InlineData(false, 0, 1, 3600, InviteState.Valid)]
    public void Of_RevokedBeforeUsedUpBeforeExpired(
        bool revoked,
        int useCount,
        int maxUses,
        int expiresInSeconds,
        InviteState expected
    )
    {
        var status = InviteStates.Of(
            revoked ? Now.AddDays(-1) : null,
            useCount,
            maxUses,
            Now.AddSeconds(expiresInSeconds),
            Now
        );
        status.ShouldBe(expected);
    }

    [Fact]
    public void TheOneTable_GivesTheSpecsPageStatesStatusesAndCodes()
    {
        Enum.GetValues<InviteState>()
            .Select(s => (s.Describe().PageState, s.Describe().PageStatus, s.Describe().Problem?.Code))
            .ShouldBe([
                ("valid", 200, null),
                ("expired", 410, "invite_expired"),
                ("used", 410, "invite_used"),
                ("revoked", 410, "invite_revoked"),
                ("already-member", 200, "already_member"),
                ("invalid", 404, "invite_invalid"),
                ("invalid", 404, "invite_malformed"),
                ("wrong-account", 403, "invite_wrong_account"),
                ("sign-in-required", 200, "invite_wrong_account"),
            ]);
        var errors = TextsInTests.InviteErrors;
        errors.For(InviteState.Malformed).Kind.ShouldBe(ErrorKind.Malformed);
        ProblemResults.StatusCodeOf(errors.For(InviteState.Expired).Kind).ShouldBe(410);
        ProblemResults.StatusCodeOf(errors.For(InviteState.WrongAccount).Kind).ShouldBe(403);
        Should.Throw<ArgumentException>(() => errors.For(InviteState.Valid));
    }

    [Fact]
    public void EveryRefusal_HasItsWordsInEachLanguage_UnderTheSameCode()
    {
        var refusals = Enum.GetValues<InviteState>().Where(s => s != InviteState.Valid).ToList();
        var english = refusals.Select(s => TextsInTests.InviteErrors.For(s)).ToList();
        using (TextsInTests.Speaking("de"))
        {
            var german = refusals.Select(s => TextsInTests.InviteErrors.For(s)).ToList();
            german.Select(e => e.Code).ShouldBe(english.Select(e => e.Code));
            german.ShouldAllBe(e => !string.IsNullOrWhiteSpace(e.Message));
            german.Zip(english).ShouldAllBe(pair => pair.First.Message != pair.Second.Message);
            TextsInTests
                .InviteErrors.For(InviteState.Expired)
                .Message.ShouldStartWith("Dieser Einladungslink ist abgelaufen.");
        }

        TextsInTests
            .InviteErrors.For(InviteState.Expired)
            .Message.ShouldBe("This invite link has expired. Ask someone in the household to send you a new link.");
    }

    [Fact]
    public void TheOneTable_NamesTheOwnersListStates_AndOnlyThose()
    {
        Enum.GetValues<InviteState>()
            .Where(s => s.Describe().ListStatus is not null)
            .Select(s => (s, s.Describe().ListStatus, TextsInTests.Invites.ListLabel(s)))
            .ShouldBe([
                (InviteState.Valid, "pending", "Pending"),
                (InviteState.Expired, "expired", "Expired"),
                (InviteState.Used, "used_up", "Used up"),
                (InviteState.Revoked, "revoked", "Revoked"),
            ]);
    }
}
