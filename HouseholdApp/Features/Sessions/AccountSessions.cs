using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using HouseholdApp.Common;
using HouseholdApp.Components.Account.Pages.Manage;

namespace HouseholdApp.Features.Sessions;

/// <summary>One of a person's sessions as the sessions page and the API show it. <see cref="Id"/> is its handle
/// (<see cref="AccountSessions.HandleOf"/>), never the session id that its cookie or tokens carry.</summary>
public sealed record SessionInfo(
    string Id,
    SessionKind Kind,
    string Device,
    DateTimeOffset SignedInAt,
    DateTimeOffset LastSeenAt,
    bool Current
);

/// <summary>
/// A person's own sessions (the sessions page and API): listed, ended one at a time, or all but the current one. Every
/// method works on the signed-in principal's account only, so a handle of someone else's session changes nothing.
/// </summary>
public sealed class AccountSessions(UserSessions sessions, ManageTexts texts)
{
    /// <summary>16 characters of base64url: the first 12 bytes of the hash.</summary>
    public const int HandleLength = 16;

    private Error Malformed => new(ErrorKind.Malformed, "invalid_session_id", texts.SessionMalformed);

    private Error NotFound => Error.NotFound("session_not_found", texts.SessionNotFound);

    /// <summary>
    /// What stands for a session outside its cookie or tokens: a hash of its id, so neither the page nor the API ever
    /// shows the id itself.
    /// </summary>
    public static string HandleOf(string sessionId) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)).AsSpan(0, 12));

    /// <summary>The live sessions of <paramref name="user"/>, most recently seen first.</summary>
    public async Task<IReadOnlyList<SessionInfo>> ListAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var current = user.FindFirstValue(UserSessions.ClaimType);
        var list = await sessions.ListAsync(user.RequiredUserId(), ct);
        return [.. list.Select(s => View(s, current))];
    }

    /// <summary>Ends the session of <paramref name="user"/> that <paramref name="handle"/> stands for (it may be the
    /// current one: that is signing out).</summary>
    public async Task<Result<SessionInfo>> EndAsync(
        ClaimsPrincipal user,
        string? handle,
        CancellationToken ct = default
    )
    {
        if (handle is not { Length: HandleLength } || !Base64Url.IsValid(handle))
        {
            return Malformed;
        }

        var userId = user.RequiredUserId();
        var session = (await sessions.ListAsync(userId, ct)).FirstOrDefault(s => HandleOf(s.Id) == handle);
        if (session is null || !await sessions.EndAsync(userId, session.Id, ct))
        {
            return NotFound;
        }

        return View(session, user.FindFirstValue(UserSessions.ClaimType));
    }

    /// <summary>"Sign out everywhere else": ends every session of <paramref name="user"/> but the current one (cookies,
    /// bearer and refresh tokens alike); returns how many ended.</summary>
    public Task<int> EndOthersAsync(ClaimsPrincipal user, CancellationToken ct = default) =>
        sessions.EndAllAsync(user.RequiredUserId(), user.FindFirstValue(UserSessions.ClaimType), ct);

    private SessionInfo View(UserSession s, string? currentId) =>
        new(
            HandleOf(s.Id),
            s.Kind,
            SessionDevice.Describe(s.UserAgent, s.Kind, texts),
            s.CreatedAt,
            s.LastSeenAt,
            s.Id == currentId
        );
}
