using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HouseholdApp.Features.Invites;

/// <summary>
/// A link that lets people join a household. Only the SHA-256 of its token is stored: a copy of the
/// database (a backup, a leaked dump) cannot be turned back into working links.
/// </summary>
public sealed class Invite
{
    public const int MaxUsesLimit = 100;

    public Guid Id { get; set; }

    public Guid HouseholdId { get; set; }

    public Household? Household { get; set; }

    public required byte[] TokenHash { get; set; }

    public HouseholdRole Role { get; set; }

    /// <summary>Who made the link; null once their account is deleted (the link is revoked first).</summary>
    public string? CreatedByUserId { get; set; }

    public ApplicationUser? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public int MaxUses { get; set; } = 1;

    public int UseCount { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedByUserId { get; set; }

    public InviteRevokedReason? RevokedReason { get; set; }

    /// <summary>The owner's note on whom the link is for ("for Mum"); shown to owners only, never on the landing
    /// page.</summary>
    public string? Label { get; set; }

    /// <summary>
    /// The normalized e-mail address the link is bound to: only an account with this confirmed address can redeem it.
    /// Null for a link anyone holding it can use.
    /// </summary>
    public string? BoundEmail { get; set; }

    public List<InviteRedemption> Redemptions { get; } = [];
}

/// <summary>Why an invite stopped working before its time.</summary>
public enum InviteRevokedReason
{
    /// <summary>An owner revoked it.</summary>
    RevokedByOwner,

    /// <summary>Its creator left the household.</summary>
    CreatorLeft,

    /// <summary>Its creator was removed from the household.</summary>
    CreatorRemoved,

    /// <summary>Its creator is no longer an owner, and it granted the owner role.</summary>
    CreatorDemoted,
}

/// <summary>One use of an invite: who joined, and when. Someone who left and came back through the same link has
/// two.</summary>
public sealed class InviteRedemption
{
    public Guid Id { get; set; }

    public Guid InviteId { get; set; }

    public Invite? Invite { get; set; }

    public required string UserId { get; set; }

    public ApplicationUser? User { get; set; }

    public DateTimeOffset RedeemedAt { get; set; }
}

internal sealed class InviteConfiguration : IEntityTypeConfiguration<Invite>
{
    public void Configure(EntityTypeBuilder<Invite> builder)
    {
        builder.ToTable("invites", t =>
        {
            t.HasCheckConstraint("ck_invites_token_hash_length", "octet_length(token_hash) = 32");
            t.HasCheckConstraint("ck_invites_role", "role IN ('Owner', 'Member')");
            t.HasCheckConstraint("ck_invites_max_uses", $"max_uses BETWEEN 1 AND {Invite.MaxUsesLimit}");
            t.HasCheckConstraint("ck_invites_use_count", "use_count >= 0 AND use_count <= max_uses");
            t.HasCheckConstraint(
                "ck_invites_expiry",
                "expires_at > created_at AND expires_at <= created_at + interval '30 days'"
            );
            t.HasCheckConstraint(
                "ck_invites_revoked_reason",
                "(revoked_at IS NULL) = (revoked_reason IS NULL) AND (revoked_reason IS NULL OR revoked_reason IN "
                    + "('RevokedByOwner', 'CreatorLeft', 'CreatorRemoved', 'CreatorDemoted'))"
            );
            t.HasCheckConstraint(
                "ck_invites_label",
                $"label IS NULL OR (char_length(label) BETWEEN 1 AND {NameRules.InviteLabelMaxLength} "
                    + "AND label = btrim(label))"
            );
        });
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.TokenHash).HasColumnType("bytea");
        builder.HasIndex(i => i.TokenHash).IsUnique().HasDatabaseName(ConstraintNames.InviteTokenHashUnique);
        builder.HasIndex(i => i.HouseholdId);
        builder.Property(i => i.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.RevokedReason).HasConversion<string>().HasMaxLength(32);
        builder.Property(i => i.Label).HasMaxLength(NameRules.InviteLabelMaxLength);
        builder.Property(i => i.BoundEmail).HasMaxLength(HouseholdApp.Features.Accounts.EmailAddresses.MaxLength);
        builder.HasOne(i => i.Household).WithMany().HasForeignKey(i => i.HouseholdId).OnDelete(DeleteBehavior.Cascade);
        // A deleted account's links stay, revoked, so the household keeps who joined through them.
        builder
            .HasOne(i => i.CreatedBy)
            .WithMany()
            .HasForeignKey(i => i.CreatedByUserId)
            .OnDelete(DeleteBehavior.SetNull);
        builder
            .HasOne<ApplicationUser>()
            .WithMany()
            .HasForeignKey(i => i.RevokedByUserId)
            .OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class InviteRedemptionConfiguration : IEntityTypeConfiguration<InviteRedemption>
{
    public void Configure(EntityTypeBuilder<InviteRedemption> builder)
    {
        builder.ToTable("invite_redemptions");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        // Not unique per (invite, user): every use is its own record. The claim's use count bounds the uses, and the
        // membership's unique index stops one person joining twice at once.
        builder.HasIndex(r => r.InviteId);
        builder.HasIndex(r => r.UserId);
        builder
            .HasOne(r => r.Invite)
            .WithMany(i => i.Redemptions)
            .HasForeignKey(r => r.InviteId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.User).WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
