using HouseholdApp.Features.Activity;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Data;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<Household> Households => Set<Household>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<Invite> Invites => Set<Invite>();

    public DbSet<InviteRedemption> InviteRedemptions => Set<InviteRedemption>();

    public DbSet<HouseholdActivity> Activity => Set<HouseholdActivity>();

    /// <summary>
    /// Identity's schema with passkeys (version 3), fixed here rather than read from IdentityOptions, so a context
    /// built without the app's services (migration tooling, test set-up) has the same model.
    /// </summary>
    protected override Version SchemaVersion => IdentitySchemaVersions.Version3;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ApplicationUser>(user =>
        {
            // Identity only checks e-mail uniqueness in code, which two concurrent sign-ups both pass.
            user.HasIndex(u => u.NormalizedEmail).HasDatabaseName(ConstraintNames.UserEmailUnique).IsUnique();
            user.Property(u => u.DisplayName).HasMaxLength(DisplayNames.MaxLength);
            user.ToTable(t => t.HasCheckConstraint("ck_users_display_name",
                $"char_length(display_name) BETWEEN 1 AND {DisplayNames.MaxLength} AND display_name = btrim(display_name) AND display_name !~ '[[:cntrl:]]'"));
        });

        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        builder.UseSnakeCaseNames();
    }
}
