using HouseholdApp.Common;
using HouseholdApp.Components;
using HouseholdApp.Components.Account;
using HouseholdApp.Data;
using HouseholdApp.Features.Admin;
using HouseholdApp.Features.Email;
using HouseholdApp.Features.ExternalLogins;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;

if (HealthCheckCommand.IsRequested(args))
{
    return await HealthCheckCommand.RunAsync();
}

var builder = WebApplication.CreateBuilder(args);

builder.AddLifecycle();
builder.AddDatabase();
builder.AddKeyRing();
builder.AddPublicUrl();
builder.AddAccounts();
builder.AddAdministration();
builder.AddExternalLogins();
builder.AddEmail();
builder.AddWebUi();
builder.AddApi();
builder.AddHouseholds();
builder.AddHouseholdEvents();
builder.AddInvites();
builder.AddRequestLogging();
builder.AddMemberships();
builder.AddAppMetrics();

var app = builder.Build();

if (await app.PrepareAsync(args) is { } exitCode)
{
    return exitCode;
}

app.UsePublicUrl();

app.UseWebUi();
app.MapHealth();
app.MapMetrics();
app.MapApi();
app.MapAccounts();
app.MapExternalLoginEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

/// <summary>The web application's entry point (public so tests can host it).</summary>
public partial class Program;
