[assembly: AssemblyFixture(typeof(HouseholdApp.Tests.Infrastructure.TestEnvironment))]

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>
/// What the whole test run shares: one PostgreSQL server and one application instance on it.
/// Tests make their own users and households, so they run in parallel and in any order; a test that needs
/// different settings starts its own <see cref="TestApp"/> on a fresh database of <see cref="Postgres"/>.
/// </summary>
public sealed class TestEnvironment : IAsyncLifetime
{
    public PostgresServer Postgres { get; } = new();

    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        TestRunLeftovers.PrepareEnvironment();
        await Postgres.InitializeAsync();
        App = await TestApp.StartAsync(Postgres, prefix: "shared");
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        await Postgres.DisposeAsync();
    }
}
