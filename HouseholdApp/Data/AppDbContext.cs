using HouseholdApp.Common;
using HouseholdApp.Features.Accounts;
using HouseholdApp.Features.Activity;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace HouseholdApp.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<Household> Households => Set<Household>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<Invite> Invites => Set<Invite>();

    public DbSet<InviteRedemption> InviteRedemptions => Set<InviteRedemption>();

    public DbSet<HouseholdActivity> Activity => Set<HouseholdActivity>();

    /// <summary>
    /// Identity reads its schema version (3: with passkeys) from the app's IdentityOptions. A context built without
    /// the app's services (a migration tool, a test's set-up) gets the same setting here, so it has the same model.
    /// </summary>
    private static readonly IServiceProvider StandaloneServices = new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
        .BuildServiceProvider();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        if (optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider is null)
        {
            optionsBuilder.UseApplicationServiceProvider(StandaloneServices);
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ApplicationUser>(user =>
        {
            // Identity only checks e-mail uniqueness in code, which two concurrent sign-ups both pass.
            user.HasIndex(u => u.NormalizedEmail).HasDatabaseName(ConstraintNames.UserEmailUnique).IsUnique();
            user.Property(u => u.DisplayName).HasMaxLength(NameRules.DisplayNameMaxLength);
            user.ToTable(t =>
                t.HasCheckConstraint(
                    "ck_users_display_name",
                    $"char_length(display_name) BETWEEN 1 AND {NameRules.DisplayNameMaxLength} "
                        + "AND display_name = btrim(display_name) AND display_name !~ '[[:cntrl:]]'"
                )
            );
            user.Property(u => u.TimeZone).HasMaxLength(TimeZonePreference.MaxLength);
            user.Property(u => u.Language).HasMaxLength(HouseholdApp.Components.Layout.LanguagePreference.MaxLength);
            user.ToTable(t =>
                t.HasCheckConstraint("ck_users_time_zone_chosen", "NOT time_zone_chosen OR time_zone IS NOT NULL")
            );
        });

        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        builder.UseSnakeCaseNames();
    }
}
