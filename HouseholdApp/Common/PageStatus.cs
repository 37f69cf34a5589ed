namespace HouseholdApp.Common;

internal static class PageStatus
{
    /// <summary>
    /// Sets a page's status code as the response starts. Setting it while rendering loses the body of a 404
    /// (the framework hands 404s to status-code pages), and only a still-200 response is changed so the
    /// redirect of a successful form post is never overwritten.
    /// </summary>
    public static void SetStatusCodeOnStart(this HttpContext context, int statusCode)
    {
        context.Response.OnStarting(() =>
        {
            if (context.Response.StatusCode == StatusCodes.Status200OK)
            {
                context.Response.StatusCode = statusCode;
            }

            return Task.CompletedTask;
        });
    }
}
