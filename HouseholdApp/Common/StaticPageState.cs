using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;

namespace HouseholdApp.Common;

/// <summary>
/// Pages without a render mode of their own (the invite landing page, the account pages) start no circuit, yet with
/// InteractiveServer as the app's only configured mode Blazor would still encrypt and append a persisted
/// component state blob of about 1.2 kB (the antiforgery token, kept for interactive forms) to each of them.
/// </summary>
internal static class StaticPageState
{
    private static readonly Type ConfiguredRenderModes = typeof(ComponentTypeMetadata).Assembly
        .GetType("Microsoft.AspNetCore.Components.Endpoints.ConfiguredRenderModesMetadata", throwOnError: true)!;

    private static readonly object NoRenderModes = Activator.CreateInstance(ConfiguredRenderModes, [Array.Empty<IComponentRenderMode>()])!;

    public static RazorComponentsEndpointConventionBuilder WithoutStateOnStaticPages(this RazorComponentsEndpointConventionBuilder builder)
    {
        builder.Finally(endpoint =>
        {
            var page = endpoint.Metadata.OfType<ComponentTypeMetadata>().FirstOrDefault()?.Type;
            if (page is null || Attribute.IsDefined(page, typeof(RenderModeAttribute), inherit: true))
            {
                return;
            }

            // The framework's metadata type is internal: replaced by an instance that configures no render mode, so no state
            // is persisted (not even the antiforgery token for interactive forms, which such a page never has). Pinned
            // by a test: no state on the landing page, state on the interactive households page.
            for (var i = 0; i < endpoint.Metadata.Count; i++)
            {
                if (endpoint.Metadata[i].GetType() == ConfiguredRenderModes)
                {
                    endpoint.Metadata[i] = NoRenderModes;
                }
            }
        });
        return builder;
    }
}
