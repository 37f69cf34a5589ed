using HouseholdApp.Common;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HouseholdApp.Components.Interactive;

/// <summary>
/// Base of the interactive components whose buttons and forms reach the database. Blazor runs every event handler
/// of a component through its <see cref="IHandleEvent"/>: here an action that finds the database down says so in a
/// snackbar instead of ending the circuit, and leaves the page as it was, so the same button works once it is back.
/// </summary>
public abstract partial class InteractiveComponent : ComponentBase, IHandleEvent
{
    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private SharedTexts SharedTexts { get; set; } = default!;

    [Inject]
    private ILogger<InteractiveComponent> Logger { get; set; } = default!;

    async Task IHandleEvent.HandleEventAsync(EventCallbackWorkItem callback, object? arg)
    {
        var task = callback.InvokeAsync(arg);
        if (!task.IsCompleted)
        {
            // As ComponentBase does: show the "busy" state while the action runs.
            StateHasChanged();
        }

        try
        {
            await task;
        }
        catch (Exception exception) when (ErrorHandling.IsDatabaseUnavailable(exception))
        {
            LogDatabaseDown(Logger, GetType().Name, exception.GetBaseException().Message);
            // One message however often the person presses the button.
            Snackbar.Add(SharedTexts.DatabaseDown, Severity.Warning, o =>
                o.DuplicatesBehavior = SnackbarDuplicatesBehavior.Prevent
            );
        }

        StateHasChanged();
    }

    /// <summary>
    /// Loads what the component shows. With the database down it keeps showing what it had, and the next change or
    /// refresh loads again, instead of ending the circuit (a load also runs when a cascading value such as the
    /// viewer's time zone arrives, whenever that is).
    /// </summary>
    protected async Task LoadKeepingWhatIsShownAsync(Func<Task> load)
    {
        try
        {
            await load();
        }
        catch (Exception exception) when (ErrorHandling.IsDatabaseUnavailable(exception))
        {
            LogLoadFoundDatabaseDown(Logger, GetType().Name, exception.GetBaseException().Message);
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "An action on {Component} found the database unavailable: {Reason}"
    )]
    private static partial void LogDatabaseDown(ILogger logger, string component, string reason);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "{Component} could not load: the database is unavailable ({Reason}); it keeps what it shows"
    )]
    private static partial void LogLoadFoundDatabaseDown(ILogger logger, string component, string reason);
}
