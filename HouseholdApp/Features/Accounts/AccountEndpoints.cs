using System.Security.Claims;
using System.Text.Json;
using HouseholdApp.Common;
using HouseholdApp.Components.Account.Pages.Manage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Features.Accounts;

/// <param name="Password">The account's password; accounts without one send none and must have signed in
/// recently.</param>
public sealed record DeleteAccountRequest(string? Password);

/// <summary>How each outcome of deleting an account reads, for the API and the page alike.</summary>
public static class AccountDeletionErrors
{
    public static Error? Of(AccountDeletionOutcome outcome, ManageTexts texts, SharedTexts shared) =>
        outcome switch
        {
            AccountDeletionOutcome.Deleted => null,
            AccountDeletionOutcome.WrongPassword => Error.Validation("wrong_password", texts.WrongPassword, "password"),
            AccountDeletionOutcome.LockedOut => Error.Forbidden("locked_out", texts.DeleteLockedOut),
            AccountDeletionOutcome.SignInTooOld => Error.Forbidden(
                "reauthentication_required",
                texts.SignInTooOld((int)AccountDeletionService.RecentSignIn.TotalMinutes)
            ),
            AccountDeletionOutcome.SoleOwner s => Error.Conflict("sole_owner", texts.DeleteSoleOwner) with
            {
                Extensions = new Dictionary<string, object?> { ["households"] = s.Households },
            },
            AccountDeletionOutcome.NotSignedIn => shared.Unauthenticated,
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
        };
}

internal static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/account").RequireAuthorization(ApiAuthorization.PolicyName).WithTags("Account");
        group
            .MapDelete(
                "",
                async (
                    [FromBody] DeleteAccountRequest? request,
                    ClaimsPrincipal user,
                    AccountDeletionService deletion,
                    ManageTexts texts,
                    SharedTexts shared,
                    CancellationToken ct
                ) =>
                    AccountDeletionErrors.Of(
                        await deletion.DeleteAccountAsync(user, request?.Password, ct),
                        texts,
                        shared
                    )
                        is { } error
                        ? error.ToProblem()
                        : TypedResults.NoContent()
            )
            .WithSummary(
                "Delete the signed-in account, with its password (or, without one, a sign-in of the last 5 minutes)."
            )
            .WithDescription(
                "Households where the account is the only member go with it. Refused with 409 `sole_owner` "
                    + "(listing `households`) while it is the only owner of a household others live in."
            )
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group
            .MapGet(
                "/personal-data",
                async (ClaimsPrincipal user, PersonalDataService export, HttpContext http, CancellationToken ct) =>
                    (await export.ExportAsync(user.RequiredUserId(), ct)).ToHttpResult(data =>
                        PersonalDataFile(http, data)
                    )
            )
            .WithSummary("Download everything the app holds about the signed-in account, as a JSON file.")
            .Produces<PersonalDataExport>();
        return api;
    }

    /// <summary>The export as an indented JSON attachment (for the API and the page's download button).</summary>
    public static IResult PersonalDataFile(HttpContext http, PersonalDataExport data)
    {
        var json = http
            .RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()
            .Value.SerializerOptions;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(data, new JsonSerializerOptions(json) { WriteIndented = true });
        var name = http.RequestServices.GetRequiredService<PersonalDataService>().FileName();
        return TypedResults.File(bytes, "application/json", name);
    }
}
