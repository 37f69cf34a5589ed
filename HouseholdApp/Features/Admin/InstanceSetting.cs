using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HouseholdApp.Features.Admin;

/// <summary>A setting the administrators change at run time; it overrides the configuration's value.</summary>
public sealed class InstanceSetting
{
    public const int KeyMaxLength = 100;

    public const int ValueMaxLength = 1000;

    public required string Key { get; set; }

    public required string Value { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class InstanceSettingConfiguration : IEntityTypeConfiguration<InstanceSetting>
{
    public void Configure(EntityTypeBuilder<InstanceSetting> builder)
    {
        builder.ToTable("instance_settings");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(InstanceSetting.KeyMaxLength);
        builder.Property(s => s.Value).HasMaxLength(InstanceSetting.ValueMaxLength);
    }
}
