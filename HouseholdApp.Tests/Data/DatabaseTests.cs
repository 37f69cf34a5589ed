using HouseholdApp.Data;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HouseholdApp.Tests.Data;

public sealed class DatabaseTests(TestEnvironment env)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AppDbContext Open(string connectionString) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(connectionString).Options);

    [Fact]
    public async Task Migrations_ApplyToAnEmptyDatabase_AndMatchTheModel()
    {
        var connectionString = await env.Postgres.CreateEmptyDatabaseAsync("migrations");
        await using var db = Open(connectionString);

        (await db.Database.GetAppliedMigrationsAsync(Ct)).ShouldBeEmpty();
        await db.Database.MigrateAsync(Ct);

        (await db.Database.GetPendingMigrationsAsync(Ct)).ShouldBeEmpty();
        db.Database.HasPendingModelChanges().ShouldBeFalse();
        (await db.Households.CountAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Database_RefusesADuplicateMembership()
    {
        var user = await env.App.CreateUserAsync("dup");
        await using var db = env.App.CreateDbContext();
        var household = new Household
        {
            Id = Guid.NewGuid(),
            Name = "Dup",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Households.Add(household);
        db.Memberships.Add(
            new Membership
            {
                Id = Guid.NewGuid(),
                HouseholdId = household.Id,
                UserId = user.UserId,
                Role = HouseholdRole.Owner,
                JoinedAt = DateTimeOffset.UtcNow,
            }
        );
        await db.SaveChangesAsync(Ct);

        db.Memberships.Add(
            new Membership
            {
                Id = Guid.NewGuid(),
                HouseholdId = household.Id,
                UserId = user.UserId,
                Role = HouseholdRole.Member,
                JoinedAt = DateTimeOffset.UtcNow,
            }
        );
        var failure = await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));

        failure.IsUniqueViolation(ConstraintNames.MembershipUnique).ShouldBeTrue();
    }

    [Fact]
    public async Task Database_RefusesASecondAccountWithTheSameNormalizedEmail()
    {
        var user = await env.App.CreateUserAsync("unique");
        await using var connection = new NpgsqlConnection(env.App.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, "
                + "phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count) "
                + "VALUES (@id, 'other', 'OTHER', @email, @normalized, false, false, false, true, 0)",
            connection
        );
        command.Parameters.AddWithValue("id", Guid.NewGuid().ToString());
        command.Parameters.AddWithValue("email", user.Email);
        command.Parameters.AddWithValue("normalized", user.Email.ToUpperInvariant());

        var failure = await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync(Ct));

        failure.IsUniqueViolation(ConstraintNames.UserEmailUnique).ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" padded ")]
    public async Task Database_RefusesAHouseholdNameThatIsEmptyOrUntrimmed(string name)
    {
        await using var db = env.App.CreateDbContext();
        db.Households.Add(
            new Household
            {
                Id = Guid.NewGuid(),
                Name = name,
                CreatedAt = DateTimeOffset.UtcNow,
            }
        );

        var failure = await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));

        failure.InnerException.ShouldBeOfType<PostgresException>().SqlState.ShouldBe(PostgresErrorCodes.CheckViolation);
    }
}
