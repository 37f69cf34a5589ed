namespace HouseholdApp.Features.Invites;

/// <summary>What a person holding a link finds (SPEC section 4).</summary>
public enum InviteState
{
    Valid,
    Expired,
    Used,
    Revoked,
    AlreadyMember,
    Invalid,

    /// <summary>The link is bound to an e-mail address, and the person holding it is not signed in with an account that has it, confirmed.</summary>
    WrongAccount,
}

/// <summary>What an owner sees of an invite in the household's list.</summary>
public enum InviteStatus
{
    Pending,
    UsedUp,
    Expired,
    Revoked,
}

public static class InviteStates
{
    /// <summary>
    /// Why an invite cannot be used (or <see cref="InviteStatus.Pending"/> when it can). A deliberate revocation
    /// wins over exhaustion, and exhaustion over expiry: the most useful explanation for the person holding it.
    /// </summary>
    public static InviteStatus StatusOf(DateTimeOffset? revokedAt, int useCount, int maxUses, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        if (revokedAt is not null)
        {
            return InviteStatus.Revoked;
        }

        if (useCount >= maxUses)
        {
            return InviteStatus.UsedUp;
        }

        return expiresAt > now ? InviteStatus.Pending : InviteStatus.Expired;
    }

    public static InviteState ToState(this InviteStatus status) => status switch
    {
        InviteStatus.Pending => InviteState.Valid,
        InviteStatus.UsedUp => InviteState.Used,
        InviteStatus.Expired => InviteState.Expired,
        InviteStatus.Revoked => InviteState.Revoked,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The attribute value on the landing page's main element (<c>data-invite-state</c>) and in the API.</summary>
    public static string ToWireName(this InviteState state) => state switch
    {
        InviteState.Valid => "valid",
        InviteState.Expired => "expired",
        InviteState.Used => "used",
        InviteState.Revoked => "revoked",
        InviteState.AlreadyMember => "already-member",
        InviteState.Invalid => "invalid",
        InviteState.WrongAccount => "wrong-account",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static string ToWireName(this InviteRevokedReason reason) => reason switch
    {
        InviteRevokedReason.RevokedByOwner => "revoked_by_owner",
        InviteRevokedReason.CreatorLeft => "creator_left",
        InviteRevokedReason.CreatorRemoved => "creator_removed",
        InviteRevokedReason.CreatorDemoted => "creator_demoted",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static string ToWireName(this InviteStatus status) => status switch
    {
        InviteStatus.Pending => "pending",
        InviteStatus.UsedUp => "used_up",
        InviteStatus.Expired => "expired",
        InviteStatus.Revoked => "revoked",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

/// <summary>The lifetimes an owner can choose for an invite.</summary>
public static class InviteExpiry
{
    public const string Default = "7d";

    public static IReadOnlyList<(string Key, string Label, TimeSpan Lifetime)> Presets { get; } =
    [
        ("1h", "1 hour", TimeSpan.FromHours(1)),
        ("1d", "1 day", TimeSpan.FromDays(1)),
        ("7d", "7 days", TimeSpan.FromDays(7)),
        ("30d", "30 days", TimeSpan.FromDays(30)),
    ];

    public static TimeSpan? TryParse(string? key)
    {
        foreach (var preset in Presets)
        {
            if (string.Equals(preset.Key, key, StringComparison.Ordinal))
            {
                return preset.Lifetime;
            }
        }

        return null;
    }
}
