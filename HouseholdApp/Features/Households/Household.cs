using HouseholdApp.Common;
using HouseholdApp.Features.Memberships;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HouseholdApp.Features.Households;

public sealed class Household
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<Membership> Memberships { get; } = [];
}

internal sealed class HouseholdConfiguration : IEntityTypeConfiguration<Household>
{
    public void Configure(EntityTypeBuilder<Household> builder)
    {
        builder.ToTable("households", t =>
            t.HasCheckConstraint(
                "ck_households_name",
                "char_length(btrim(name)) BETWEEN 1 AND 100 AND name = btrim(name)"
            )
        );
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Name).HasMaxLength(NameRules.HouseholdNameMaxLength);
    }
}
