using Microsoft.JSInterop;

namespace HouseholdApp.Components.Interactive;

/// <summary>
/// Focus, selection, the clipboard and the time zone for interactive pages, through one small co-located module (the
/// CSP allows no inline script). Selectors rather than element references, because the targets often render in a later
/// batch (after a dialog closes).
/// </summary>
public sealed class BrowserFocus(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? module;

    /// <summary>Focuses an element of the page once any open dialog has gone (focus must not fall to
    /// &lt;body&gt;).</summary>
    public async Task<bool> FocusAsync(string selector) => await InvokeAsync("focusWhenReady", selector, true);

    /// <summary>Focuses an element inside the dialog that is opening.</summary>
    public async Task<bool> FocusInDialogAsync(string selector) => await InvokeAsync("focusWhenReady", selector, false);

    public async Task<bool> SelectAllAsync(string selector) => await InvokeAsync("selectAll", selector);

    /// <summary>True when the clipboard took the text; false when the text was selected for Ctrl+C instead.</summary>
    public async Task<bool> CopyAsync(string selector) => await InvokeAsync("copyFromInput", selector);

    /// <summary>The browser's IANA time zone name, or null when it cannot tell.</summary>
    public async Task<string?> TimeZoneAsync()
    {
        try
        {
            return await (await ModuleAsync()).InvokeAsync<string?>("timeZone");
        }
        catch (JSDisconnectedException)
        {
            return null;
        }
    }

    private async Task<IJSObjectReference> ModuleAsync() =>
        module ??= await js.InvokeAsync<IJSObjectReference>(
            "import",
            "./Components/Interactive/InteractiveProviders.razor.js"
        );

    private async Task<bool> InvokeAsync(string function, params object[] arguments)
    {
        try
        {
            return await (await ModuleAsync()).InvokeAsync<bool>(function, arguments);
        }
        catch (JSDisconnectedException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // Prerendering: there is no browser to talk to yet.
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (module is not null)
        {
            try
            {
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; nothing to release in the browser.
            }
        }
    }
}
