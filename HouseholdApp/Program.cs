using HouseholdApp.Common;
using HouseholdApp.Components;
using HouseholdApp.Components.Account;
using HouseholdApp.Data;
using HouseholdApp.Features.Email;
using HouseholdApp.Features.Households;
using HouseholdApp.Features.Invites;
using HouseholdApp.Features.Memberships;

var builder = WebApplication.CreateBuilder(args);

builder.AddDatabase();
builder.AddKeyRing();
builder.AddPublicUrl();
builder.AddAccounts();
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

await app.MigrateDatabaseAsync();
app.UsePublicUrl();

app.UseWebUi();
app.UseLandingPageCache();
app.MapHealth();
app.MapMetrics();
app.MapApi();
app.MapAccounts();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode().WithoutStateOnStaticPages();

await app.RunAsync();

/// <summary>The web application's entry point (public so tests can host it).</summary>
public partial class Program;
