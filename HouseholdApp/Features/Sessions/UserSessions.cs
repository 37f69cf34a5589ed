using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using HouseholdApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.Sessions;

public sealed class UserSessionOptions
{
    public const string Section = "Sessions";

    /// <summary>
    /// How long one instance trusts a session it has checked before asking the database again: a sign-out or a
    /// credential change reaches every other instance within this time. At most one minute.
    /// </summary>
    public TimeSpan ValidationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A session nobody used for this long is forgotten (as long as a cookie or a refresh token
    /// lives).</summary>
    public TimeSpan IdleLifetime { get; set; } = TimeSpan.FromDays(14);
}

/// <summary>
/// The server's record of signed-in sessions: started at every sign-in, checked (at most once per validation interval
/// and instance) on every request that carries a cookie or a bearer token, ended by signing out.
/// </summary>
public sealed class UserSessions(
    IDbContextFactory<AppDbContext> dbFactory,
    IMemoryCache cache,
    TimeProvider time,
    IOptions<UserSessionOptions> options,
    IOptions<IdentityOptions> identityOptions
)
{
    /// <summary>The claim that carries the session's id in cookies and tokens.</summary>
    public const string ClaimType = "householdapp:session";

    public const int IdLength = 43;

    private TimeSpan Interval => options.Value.ValidationInterval;

    /// <summary>Records a new session for <paramref name="user"/> and returns its id; forgets the user's dead
    /// ones.</summary>
    public async Task<string> StartAsync(
        ApplicationUser user,
        string securityStamp,
        SessionKind kind,
        string? userAgent,
        CancellationToken ct = default
    )
    {
        var now = time.GetUtcNow();
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var idleSince = now - options.Value.IdleLifetime;
        await db.Set<UserSession>()
            .Where(s => s.UserId == user.Id && (s.LastSeenAt < idleSince || s.SecurityStamp != securityStamp))
            .ExecuteDeleteAsync(ct);
        db.Add(
            new UserSession
            {
                Id = id,
                UserId = user.Id,
                Kind = kind,
                SecurityStamp = securityStamp,
                UserAgent = Clean(userAgent),
                CreatedAt = now,
                LastSeenAt = now,
            }
        );
        await db.SaveChangesAsync(ct);
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSignInAt, now), ct);
        return id;
    }

    /// <summary>Keeps a session alive across a change of the account's security stamp (this session made the
    /// change).</summary>
    public async Task<bool> RenewAsync(
        string sessionId,
        string userId,
        string securityStamp,
        CancellationToken ct = default
    )
    {
        cache.Remove(CacheKey(sessionId));
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<UserSession>()
                .Where(s => s.Id == sessionId && s.UserId == userId)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(x => x.SecurityStamp, securityStamp).SetProperty(x => x.LastSeenAt, now),
                    ct
                ) == 1;
    }

    /// <summary>Whether the session of <paramref name="principal"/> is still alive: its record exists and the
    /// account's security stamp is still the one it signed in with.</summary>
    public async Task<bool> IsActiveAsync(ClaimsPrincipal? principal, CancellationToken ct = default)
    {
        var claims = identityOptions.Value.ClaimsIdentity;
        var sessionId = principal?.FindFirstValue(ClaimType);
        var userId = principal?.FindFirstValue(claims.UserIdClaimType);
        var stamp = principal?.FindFirstValue(claims.SecurityStampClaimType);
        if (sessionId is null || userId is null || stamp is null)
        {
            return false;
        }

        if (cache.TryGetValue(CacheKey(sessionId), out string? checkedStamp) && checkedStamp == stamp)
        {
            return true;
        }

        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One statement checks and marks the session as seen.
        var alive =
            await db.Set<UserSession>()
                .Where(s =>
                    s.Id == sessionId
                    && s.UserId == userId
                    && s.SecurityStamp == stamp
                    && db.Users.Any(u => u.Id == userId && u.SecurityStamp == stamp)
                )
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), ct) == 1;
        if (alive && Interval > TimeSpan.Zero)
        {
            cache.Set(CacheKey(sessionId), stamp, Interval);
        }

        return alive;
    }

    /// <summary>Ends the session of <paramref name="principal"/>: its cookie or tokens stop working,
    /// everywhere.</summary>
    public async Task EndAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var sessionId = principal.FindFirstValue(ClaimType);
        var userId = principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.UserIdClaimType);
        if (sessionId is not null && userId is not null)
        {
            await EndAsync(userId, sessionId, ct);
        }
    }

    /// <summary>Ends one session of <paramref name="userId"/> (the sessions list's "sign out").</summary>
    public async Task<bool> EndAsync(string userId, string sessionId, CancellationToken ct = default)
    {
        cache.Remove(CacheKey(sessionId));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<UserSession>().Where(s => s.Id == sessionId && s.UserId == userId).ExecuteDeleteAsync(ct)
            == 1;
    }

    /// <summary>Ends every session of <paramref name="userId"/> except <paramref name="keepSessionId"/>
    /// ("sign out everywhere else").</summary>
    public async Task<int> EndAllAsync(string userId, string? keepSessionId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var others = db.Set<UserSession>().Where(s => s.UserId == userId && s.Id != keepSessionId);
        Forget(await others.Select(s => s.Id).ToListAsync(ct));
        return await others.ExecuteDeleteAsync(ct);
    }

    /// <summary>When the session of <paramref name="principal"/> signed in (null when it has ended): a refresh keeps
    /// it.</summary>
    public async Task<DateTimeOffset?> SignedInAtAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var sessionId = principal.FindFirstValue(ClaimType);
        var userId = principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.UserIdClaimType);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<UserSession>()
            .Where(s => s.Id == sessionId && s.UserId == userId)
            .Select(s => (DateTimeOffset?)s.CreatedAt)
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>Forgets what this instance remembers of sessions whose rows a transaction deleted (with their
    /// account).</summary>
    public void Forget(IEnumerable<string> sessionIds)
    {
        foreach (var id in sessionIds)
        {
            cache.Remove(CacheKey(id));
        }
    }

    /// <summary>The live sessions of <paramref name="userId"/>, most recently seen first (for a sessions
    /// list).</summary>
    public async Task<IReadOnlyList<UserSession>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var idleSince = time.GetUtcNow() - options.Value.IdleLifetime;
        return await db.Set<UserSession>()
            .AsNoTracking()
            .Where(s =>
                s.UserId == userId
                && s.LastSeenAt >= idleSince
                && db.Users.Any(u => u.Id == userId && u.SecurityStamp == s.SecurityStamp)
            )
            .OrderByDescending(s => s.LastSeenAt)
            .ToListAsync(ct);
    }

    private static string CacheKey(string sessionId) => "session:" + sessionId;

    private static string? Clean(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }

        var text = new string(userAgent.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return text.Length <= UserSession.UserAgentMaxLength ? text : text[..UserSession.UserAgentMaxLength];
    }
}
