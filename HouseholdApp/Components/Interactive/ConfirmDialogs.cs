using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace HouseholdApp.Components.Interactive;

public static class ConfirmDialogs
{
    /// <summary>Asks with a <see cref="ConfirmDialog"/>; true only when the person confirmed.</summary>
    public static async Task<bool> ConfirmAsync(
        this IDialogService dialogs,
        string title,
        RenderFragment body,
        string confirmText,
        string action,
        Color confirmColor = Color.Primary
    )
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Title, title },
            { d => d.Body, body },
            { d => d.ConfirmText, confirmText },
            { d => d.Action, action },
            { d => d.ConfirmColor, confirmColor },
        };
        // The dialog itself focuses its confirm button.
        var options = new DialogOptions
        {
            CloseOnEscapeKey = true,
            MaxWidth = MaxWidth.ExtraSmall,
            FullWidth = true,
            DefaultFocus = DefaultFocus.None,
        };
        var reference = await dialogs.ShowAsync<ConfirmDialog>(title, parameters, options);
        var result = await reference.Result;
        return result is { Canceled: false };
    }
}
