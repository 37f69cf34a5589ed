using HouseholdApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HouseholdApp.Features.Sessions;

/// <summary>How a session signed in: a browser's cookie, or an API client's bearer and refresh tokens.</summary>
public enum SessionKind
{
    Browser,
    Api,
}

/// <summary>
/// One signed-in session (a cookie, or a pair of bearer and refresh tokens) that the server can end. Its id travels
/// in the session's claims; the session is alive while this row exists and carries the account's current security
/// stamp, so signing out deletes one row and a credential change leaves every other row stale.
/// </summary>
public sealed class UserSession
{
    public const int UserAgentMaxLength = 200;

    public required string Id { get; set; }

    public required string UserId { get; set; }

    public ApplicationUser? User { get; set; }

    public SessionKind Kind { get; set; }

    /// <summary>The account's security stamp when the session was signed in or last refreshed.</summary>
    public required string SecurityStamp { get; set; }

    /// <summary>The browser or client that signed in (for the sessions list), trimmed and without control
    /// characters.</summary>
    public string? UserAgent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("user_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(UserSessions.IdLength);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.SecurityStamp).HasMaxLength(256);
        builder.Property(s => s.UserAgent).HasMaxLength(UserSession.UserAgentMaxLength);
        // An account's sessions go with it.
        builder.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.UserId, s.LastSeenAt });
    }
}
