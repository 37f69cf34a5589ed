using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Activity;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;
using HouseholdApp.Features.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HouseholdApp.Features.Accounts;

/// <summary>Everything the app holds about one person, as they download it. Never a secret: no password hash,
/// security stamp, token, token hash, recovery code or passkey key material.</summary>
public sealed record PersonalDataExport(
    DateTimeOffset ExportedAt,
    PersonalProfile Profile,
    IReadOnlyList<PersonalLogin> Logins,
    IReadOnlyList<PersonalPasskey> Passkeys,
    IReadOnlyList<PersonalSession> Sessions,
    IReadOnlyList<PersonalHousehold> Households,
    IReadOnlyList<PersonalInvite> InvitesCreated,
    IReadOnlyList<PersonalActivity> Activity
);

public sealed record PersonalProfile(
    string UserId,
    string? Email,
    bool EmailConfirmed,
    string DisplayName,
    string? PhoneNumber,
    bool HasPassword,
    bool TwoFactorEnabled,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastSignInAt,
    string? TimeZone
);

public sealed record PersonalLogin(string Provider, string? ProviderDisplayName);

public sealed record PersonalPasskey(string? Name, DateTimeOffset CreatedAt);

public sealed record PersonalSession(
    SessionKind Kind,
    string? UserAgent,
    DateTimeOffset SignedInAt,
    DateTimeOffset LastSeenAt
);

public sealed record PersonalHousehold(Guid Id, string Name, HouseholdRole Role, DateTimeOffset JoinedAt);

public sealed record PersonalInvite(
    Guid Id,
    Guid HouseholdId,
    string HouseholdName,
    HouseholdRole Role,
    string? Label,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    int MaxUses,
    int UseCount,
    DateTimeOffset? RevokedAt,
    string? RevokedReason
);

public sealed record PersonalActivity(
    Guid HouseholdId,
    string HouseholdName,
    string Kind,
    DateTimeOffset At,
    string Text
);

/// <summary>"Download my data" (SPEC section 10), for the page's download and the API alike.</summary>
public sealed class PersonalDataService(
    IDbContextFactory<AppDbContext> dbFactory,
    SharedTexts shared,
    HouseholdTexts householdTexts,
    TimeProvider time
)
{
    public async Task<Result<PersonalDataExport>> ExportAsync(string? userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var profile = await db
            .Users.Where(u => u.Id == userId)
            .Select(u => new PersonalProfile(
                u.Id,
                u.Email,
                u.EmailConfirmed,
                u.DisplayName,
                u.PhoneNumber,
                u.PasswordHash != null,
                u.TwoFactorEnabled,
                u.CreatedAt,
                u.LastSignInAt,
                u.TimeZone
            ))
            .SingleOrDefaultAsync(ct);
        if (profile is null)
        {
            return shared.Unauthenticated;
        }

        var logins = await db.Set<IdentityUserLogin<string>>()
            .Where(l => l.UserId == userId)
            .OrderBy(l => l.LoginProvider)
            .Select(l => new PersonalLogin(l.LoginProvider, l.ProviderDisplayName))
            .ToListAsync(ct);
        var passkeys = await db.Set<IdentityUserPasskey<string>>()
            .Where(p => p.UserId == userId)
            .Select(p => new PersonalPasskey(p.Data.Name, p.Data.CreatedAt))
            .ToListAsync(ct);
        var sessions = await db.Set<UserSession>()
            .Where(s => s.UserId == userId)
            .OrderByDescending(s => s.LastSeenAt)
            .Select(s => new PersonalSession(s.Kind, s.UserAgent, s.CreatedAt, s.LastSeenAt))
            .ToListAsync(ct);
        var households = await db
            .Memberships.Where(m => m.UserId == userId)
            .OrderBy(m => m.JoinedAt)
            .Select(m => new PersonalHousehold(m.HouseholdId, m.Household!.Name, m.Role, m.JoinedAt))
            .ToListAsync(ct);
        var invites = await db
            .Invites.Where(i => i.CreatedByUserId == userId)
            .OrderByDescending(i => i.CreatedAt)
            .Select(i => new
            {
                i.Id,
                i.HouseholdId,
                i.Household!.Name,
                i.Role,
                i.Label,
                i.CreatedAt,
                i.ExpiresAt,
                i.MaxUses,
                i.UseCount,
                i.RevokedAt,
                i.RevokedReason,
            })
            .ToListAsync(ct);
        var aboutPerson = db.Activity.Where(a => a.ActorUserId == userId || a.SubjectUserId == userId);
        var entries = await aboutPerson.OrderByDescending(a => a.OccurredAt).SelectEntries().ToListAsync(ct);
        var householdOf = await aboutPerson
            .Select(a => new
            {
                a.Id,
                a.HouseholdId,
                Name = db.Households.Where(h => h.Id == a.HouseholdId).Select(h => h.Name).First(),
            })
            .ToDictionaryAsync(a => a.Id, ct);

        return new PersonalDataExport(
            time.GetUtcNow(),
            profile,
            logins,
            passkeys,
            sessions,
            households,
            [
                .. invites.Select(i => new PersonalInvite(
                    i.Id,
                    i.HouseholdId,
                    i.Name,
                    i.Role,
                    i.Label,
                    i.CreatedAt,
                    i.ExpiresAt,
                    i.MaxUses,
                    i.UseCount,
                    i.RevokedAt,
                    i.RevokedReason?.ToWireName()
                )),
            ],
            [
                .. entries.Select(e => new PersonalActivity(
                    householdOf[e.Id].HouseholdId,
                    householdOf[e.Id].Name,
                    ActivityText.WireName(e.Kind),
                    e.OccurredAt,
                    ActivityText.Describe(e, householdTexts)
                )),
            ]
        );
    }

    /// <summary>The download's file name, dated.</summary>
    public string FileName() => $"householdapp-personal-data-{time.GetUtcNow():yyyy-MM-dd}.json";
}
