using System.Security.Claims;
using HouseholdApp.Common;
using HouseholdApp.Data;
using HouseholdApp.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace HouseholdApp.Components.Account;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    /// <summary>Endpoints the Identity pages post to that are not pages themselves.</summary>
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var accountGroup = endpoints.MapGroup("/Account");

        // A form post with antiforgery (validated for [FromForm] endpoints), so another site cannot sign people out.
        accountGroup.MapPost(
            "/Logout",
            async ([FromServices] SignInManager<ApplicationUser> signInManager, [FromForm] string? returnUrl) =>
            {
                await signInManager.SignOutAsync();
                return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "~/");
            }
        );

        // A form post with antiforgery (the form binding requires it), answered with the file itself.
        accountGroup
            .MapPost(
                "/Manage/PersonalData/Download",
                async (
                    IFormCollection form,
                    ClaimsPrincipal user,
                    HttpContext http,
                    PersonalDataService export,
                    CancellationToken ct
                ) =>
                    (await export.ExportAsync(user.RequiredUserId(), ct)).ToHttpResult(data =>
                        AccountEndpoints.PersonalDataFile(http, data)
                    )
            )
            .RequireAuthorization();

        return accountGroup;
    }

    // Control characters too, as LocalRedirect itself refuses them (throwing, after the sign-out, a 500).
    internal static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
