using System.Linq.Expressions;

namespace HouseholdApp.Features.Invites;

/// <summary>
/// When an invite can still be used: not revoked, not expired, uses left. The claiming SQL and LINQ queries both
/// need the rule, so it exists twice here, side by side, and a test pins the two (and <see cref="InviteStates.Of"/>)
/// together.
/// </summary>
public static class InviteRules
{
    /// <summary>The rule in SQL, for an <c>invites</c> row aliased <c>i</c> and the moment bound as
    /// <c>@now</c>.</summary>
    public const string UsableSql = "i.revoked_at IS NULL AND i.expires_at > @now AND i.use_count < i.max_uses";

    /// <summary>
    /// The claim: one conditional UPDATE, for the user bound as <c>@user</c> (who may not exist yet: signing up). Its
    /// row lock makes concurrent claims of one invite queue up, and each re-checks the rule on the newest row version
    /// after the one before it commits, so uses never exceed max_uses. A member claims nothing (SPEC section 3, step
    /// 1). A link bound to an address is claimed only for the account that has that address, confirmed: checked in
    /// this statement, so a change of address cannot slip between check and claim, and never for a new account.
    /// It takes the key-share lock on the household that the membership's foreign key needs anyway, but before the
    /// invite row: a household being deleted (which locks the household, then its invites) and a redemption then wait
    /// for each other in the same order instead of deadlocking, and a claim after the deletion finds nothing.
    /// Binds <c>@hash</c>, <c>@now</c>, <c>@user</c>; returns <c>"Id"</c>, <c>"HouseholdId"</c>, <c>"Role"</c>.
    /// </summary>
    public const string ClaimSql = $"""
        UPDATE invites AS i SET use_count = i.use_count + 1
        WHERE i.token_hash = @hash AND {UsableSql}
          AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.household_id = i.household_id AND m.user_id = @user)
          AND (i.bound_email IS NULL OR EXISTS (
              SELECT 1 FROM users u WHERE u.id = @user AND u.email_confirmed AND u.normalized_email = i.bound_email))
          AND EXISTS (SELECT 1 FROM households h WHERE h.id = i.household_id FOR KEY SHARE OF h)
        RETURNING i.id AS "Id", i.household_id AS "HouseholdId", i.role AS "Role"
        """;

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
