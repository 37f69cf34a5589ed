using System.Diagnostics;

namespace HouseholdApp.Tests.Infrastructure;

/// <summary>Ends a server process a test started (nginx, the SMTP server), with everything it started in
/// turn.</summary>
public static class ChildProcess
{
    public static async Task StopAsync(this Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }
}
