using HouseholdApp.Data;
using HouseholdApp.Features.Households;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HouseholdApp.Features.Memberships;

public enum HouseholdRole
{
    Member = 0,
    Owner = 1,
}

public sealed class Membership
{
    public Guid Id { get; set; }

    public Guid HouseholdId { get; set; }

    public Household? Household { get; set; }

    public required string UserId { get; set; }

    public ApplicationUser? User { get; set; }

    public HouseholdRole Role { get; set; }

    public DateTimeOffset JoinedAt { get; set; }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        builder.ToTable("memberships", t => t.HasCheckConstraint("ck_memberships_role", "role IN ('Owner', 'Member')"));
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        builder
            .HasIndex(m => new { m.HouseholdId, m.UserId })
            .IsUnique()
            .HasDatabaseName(ConstraintNames.MembershipUnique);
        builder.HasIndex(m => m.UserId);
        builder
            .HasOne(m => m.Household)
            .WithMany(h => h.Memberships)
            .HasForeignKey(m => m.HouseholdId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
