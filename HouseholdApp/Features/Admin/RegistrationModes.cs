using HouseholdApp.Components.Account;
using HouseholdApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.Admin;

/// <summary>
/// Who may create an account: <c>Registration:Mode</c> from the configuration, until an administrator switches it on
/// the admin page; from then on the database's value, for every instance at its next sign-up.
/// </summary>
public sealed class RegistrationModes(
    IDbContextFactory<AppDbContext> dbFactory,
    IOptions<RegistrationOptions> configured,
    TimeProvider time
)
{
    private const string Key = "Registration:Mode";

    public async Task<RegistrationMode> CurrentAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.Set<InstanceSetting>()
            .Where(s => s.Key == Key)
            .Select(s => s.Value)
            .FirstOrDefaultAsync(ct);
        return Enum.TryParse<RegistrationMode>(stored, out var mode) ? mode : configured.Value.Mode;
    }

    public async Task SetAsync(RegistrationMode mode, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO instance_settings (key, value, updated_at) VALUES ({Key}, {mode.ToString()}, {now})
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """,
            ct
        );
    }
}
