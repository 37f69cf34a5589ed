using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Data;

/// <summary>
/// The Data Protection key ring (what protects sign-in cookies, bearer tokens and antiforgery tokens) in PostgreSQL,
/// so every instance on one database shares it with no shared folder. A context of its own, with its own
/// migrations and history table, so it evolves apart from the app's schema.
/// </summary>
public sealed class KeyRingDbContext(DbContextOptions<KeyRingDbContext> options)
    : DbContext(options),
        IDataProtectionKeyContext
{
    public const string MigrationsHistoryTable = "__key_ring_migrations_history";

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataProtectionKey>(key =>
        {
            key.ToTable("data_protection_keys");
            key.Property(k => k.Id).HasColumnName("id");
            key.Property(k => k.FriendlyName).HasColumnName("friendly_name");
            key.Property(k => k.Xml).HasColumnName("xml");
            key.HasKey(k => k.Id).HasName("pk_data_protection_keys");
        });
    }
}
