using System.Linq.Expressions;

namespace HouseholdApp.Features.Invites;

/// <summary>
/// When an invite can still be used: not revoked, not expired, uses left. The claiming SQL and LINQ queries both
/// need the rule, so it exists twice here, side by side, and a test pins the two (and <see cref="InviteStates.StatusOf"/>) together.
/// </summary>
public static class InviteRules
{
    /// <summary>The rule in SQL, for an <c>invites</c> row aliased <c>i</c> and the moment bound as <c>@now</c>.</summary>
    public const string UsableSql = "i.revoked_at IS NULL AND i.expires_at > @now AND i.use_count < i.max_uses";

    /// <summary>
    /// The claim: one conditional UPDATE. Its row lock makes concurrent claims of one invite queue up, and each
    /// re-checks the rule on the newest row version after the one before it commits, so uses never exceed max_uses.
    /// Binds <c>@hash</c> and <c>@now</c>; returns <c>"Id"</c>, <c>"HouseholdId"</c>, <c>"Role"</c>; <paramref name="andAlso"/> adds a condition of the caller's.
    /// It takes the key-share lock on the household that the membership's foreign key needs anyway, but before the
    /// invite row: a household being deleted (which locks the household, then its invites) and a redemption then wait
    /// for each other in the same order instead of deadlocking, and a claim after the deletion finds nothing.
    /// </summary>
    public static string ClaimSql(string andAlso = "TRUE", bool boundUser = false) => $"""
        UPDATE invites AS i SET use_count = i.use_count + 1
        WHERE i.token_hash = @hash AND {UsableSql} AND ({andAlso}) AND {(boundUser ? BoundToUserSql : "i.bound_email IS NULL")}
          AND EXISTS (SELECT 1 FROM households h WHERE h.id = i.household_id FOR KEY SHARE OF h)
        RETURNING i.id AS "Id", i.household_id AS "HouseholdId", i.role AS "Role"
        """;

    /// <summary>
    /// A link bound to an address is claimed only for the account (bound as <c>@user</c>) that has that address,
    /// confirmed: checked inside the claiming statement, so a change of address or confirmation cannot slip between
    /// check and claim. Without a user (signing up), a bound link is never claimed: a new account is not confirmed yet.
    /// </summary>
    public const string BoundToUserSql =
        "(i.bound_email IS NULL OR EXISTS (SELECT 1 FROM users u WHERE u.id = @user AND u.email_confirmed AND u.normalized_email = i.bound_email))";

    /// <summary>The rule in LINQ, translated by EF Core.</summary>
    public static Expression<Func<Invite, bool>> IsUsable(DateTimeOffset now) =>
        i => i.RevokedAt == null && i.ExpiresAt > now && i.UseCount < i.MaxUses;

    /// <summary>The history: every invite the rule does not admit (used up, expired, revoked).</summary>
    public static Expression<Func<Invite, bool>> IsHistory(DateTimeOffset now)
    {
        var usable = IsUsable(now);
        return Expression.Lambda<Func<Invite, bool>>(Expression.Not(usable.Body), usable.Parameters);
    }
}
