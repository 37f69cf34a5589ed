using HouseholdApp.Data;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HouseholdApp.Features.Activity;

public enum ActivityKind
{
    Joined,
    Left,
    Removed,
    RoleChanged,
    LinkCreated,
    LinkRevoked,
}

/// <summary>
/// One thing that happened in a household, for its owners to review (kept <see cref="RetentionDays"/> days).
/// Written in the same transaction as the change it records.
/// </summary>
public sealed class HouseholdActivity
{
    public const int RetentionDays = 90;

    public Guid Id { get; set; }

    public Guid HouseholdId { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public ActivityKind Kind { get; set; }

    /// <summary>Who did it (the owner who removed someone, changed a role, created or revoked a link; the person who
    /// joined or left).</summary>
    public string? ActorUserId { get; set; }

    public ApplicationUser? Actor { get; set; }

    /// <summary>Whom it was done to (removed, role changed), when that is someone else.</summary>
    public string? SubjectUserId { get; set; }

    public ApplicationUser? Subject { get; set; }

    /// <summary>The link concerned: joined through, created, revoked. Cleared when the link is deleted from the
    /// history.</summary>
    public Guid? InviteId { get; set; }

    public Invite? Invite { get; set; }

    /// <summary>The new role (role changed), the role the link grants (link created, joined).</summary>
    public HouseholdRole? Role { get; set; }

    public InviteRevokedReason? RevokedReason { get; set; }
}

internal sealed class HouseholdActivityConfiguration : IEntityTypeConfiguration<HouseholdActivity>
{
    public void Configure(EntityTypeBuilder<HouseholdActivity> builder)
    {
        builder.ToTable("household_activity", t =>
        {
            t.HasCheckConstraint(
                "ck_household_activity_kind",
                "kind IN ('Joined', 'Left', 'Removed', 'RoleChanged', 'LinkCreated', 'LinkRevoked')"
            );
            t.HasCheckConstraint("ck_household_activity_role", "role IS NULL OR role IN ('Owner', 'Member')");
            t.HasCheckConstraint(
                "ck_household_activity_revoked_reason",
                "(kind = 'LinkRevoked') = (revoked_reason IS NOT NULL)"
            );
        });
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.RevokedReason).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(a => new { a.HouseholdId, a.OccurredAt });
        builder.HasOne<Household>().WithMany().HasForeignKey(a => a.HouseholdId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.Actor).WithMany().HasForeignKey(a => a.ActorUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(a => a.Subject).WithMany().HasForeignKey(a => a.SubjectUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(a => a.Invite).WithMany().HasForeignKey(a => a.InviteId).OnDelete(DeleteBehavior.SetNull);
    }
}
