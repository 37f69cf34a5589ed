using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using HouseholdApp.Common;
using HouseholdApp.Components.Account;
using HouseholdApp.Data;
using HouseholdApp.Features.Accounts;
using HouseholdApp.Features.Invites;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace HouseholdApp.Features.Passkeys;

/// <summary>
/// The WebAuthn options the passkey buttons fetch before the browser creates or uses a passkey. Identity keeps the
/// challenge in a short-lived cookie that the following form post (attestation or assertion) checks. Every endpoint
/// takes the page's form, antiforgery token included, and answers JSON: the options, or <c>{ "message": … }</c>.
/// </summary>
internal static class PasskeyEndpoints
{
    public const string CreationOptionsPath = "/Account/Passkeys/CreationOptions";
    public const string RequestOptionsPath = "/Account/Passkeys/RequestOptions";

    /// <summary>The options for creating the passkey of a new account that joins through the link.</summary>
    public static string InviteCreationOptionsPath(string token) =>
        InviteLinks.RelativePath(token) + "/passkey-options";

    public static IEndpointRouteBuilder MapPasskeyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // For the signed-in account: a new passkey of its own.
        endpoints
            .MapPost(
                CreationOptionsPath,
                async (
                    ClaimsPrincipal principal,
                    UserManager<ApplicationUser> users,
                    SignInManager<ApplicationUser> signIn,
                    PasskeyTexts texts
                ) =>
                {
                    var user = await users.GetUserAsync(principal);
                    if (user is null)
                    {
                        return Message(StatusCodes.Status401Unauthorized, texts.SignInAgain);
                    }

                    var entity = new PasskeyUserEntity
                    {
                        Id = user.Id,
                        Name = user.Email ?? user.UserName ?? user.Id,
                        DisplayName = ChooseDisplayName(user.DisplayName, user.Email),
                    };
                    return Json(await signIn.MakePasskeyCreationOptionsAsync(entity));
                }
            )
            .RequireAuthorization()
            .WithMetadata(new RequireAntiforgeryTokenAttribute());

        // For the sign-in page: any passkey of this site the authenticator holds (discoverable credentials).
        endpoints
            .MapPost(RequestOptionsPath, async (SignInManager<ApplicationUser> signIn) =>
                Json(await signIn.MakePasskeyRequestOptionsAsync(null))
            )
            .RequireRateLimiting(AccountRateLimiting.PolicyName)
            .WithMetadata(new RequireAntiforgeryTokenAttribute());

        // For the invite landing page: the passkey of an account that does not exist yet. Its id is chosen here and
        // travels, signed, in Identity's passkey cookie, so the post that creates the account gets it back.
        endpoints
            .MapPost(
                "/invites/{token}/passkey-options",
                async (
                    string token,
                    [FromForm(Name = "Input.Email")] string? email,
                    [FromForm(Name = "Input.DisplayName")] string? displayName,
                    InviteRedemptionService invites,
                    InviteTexts texts,
                    SharedTexts shared,
                    UserManager<ApplicationUser> users,
                    SignInManager<ApplicationUser> signIn,
                    CancellationToken ct
                ) =>
                {
                    if (!(await invites.LookupAsync(token, null, ct)).IsUsable)
                    {
                        return Message(StatusCodes.Status410Gone, texts.LinkNoLongerUsable);
                    }

                    email = EmailAddresses.Canonicalize(email);
                    if (email is null)
                    {
                        return Message(StatusCodes.Status400BadRequest, texts.PasskeyNeedsEmail);
                    }

                    var (chosenName, nameError) = NameRules.DisplayName.Check(displayName, shared);
                    if (nameError is not null)
                    {
                        return Message(StatusCodes.Status400BadRequest, nameError);
                    }

                    // The same answer the password path gives for a taken address.
                    if (await users.FindByEmailAsync(email) is not null)
                    {
                        return Message(StatusCodes.Status409Conflict, texts.EmailTaken);
                    }

                    var entity = new PasskeyUserEntity
                    {
                        Id = Guid.NewGuid().ToString(),
                        Name = email,
                        DisplayName = ChooseDisplayName(chosenName, email),
                    };
                    return Json(await signIn.MakePasskeyCreationOptionsAsync(entity));
                }
            )
            .RequireRateLimiting(InviteRateLimiting.PolicyName);

        return endpoints;
    }

    private static string ChooseDisplayName(string? displayName, string? email) =>
        !string.IsNullOrWhiteSpace(displayName) ? displayName : email?.Split('@')[0] ?? "HouseholdApp account";

    private static IResult Json(string optionsJson) => TypedResults.Content(optionsJson, "application/json");

    private static IResult Message(int status, string message) =>
        TypedResults.Json(new PasskeyMessage(message), statusCode: status);

    private sealed record PasskeyMessage(string Message);
}
