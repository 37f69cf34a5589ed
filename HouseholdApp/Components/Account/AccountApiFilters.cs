using HouseholdApp.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.AspNetCore.WebUtilities;

namespace HouseholdApp.Components.Account;

/// <summary>Filters on the route group of Identity's account API (see <see
/// cref="AccountSetup.MapAccounts"/>).</summary>
internal static class AccountApiFilters
{
    public const int MaxEmailLength = 256;

    /// <summary>
    /// Identity checks an address only as far as it does itself, so one longer than the column (256) reached the
    /// database and answered 500. Each address of Identity's request types answers a 400 validation problem instead.
    /// </summary>
    public static async ValueTask<object?> ValidateAddressesAsync(
        EndpointFilterInvocationContext context,
        EndpointFilterDelegate next
    )
    {
        Dictionary<string, string[]>? errors = null;
        var texts = context.HttpContext.RequestServices.GetRequiredService<SharedTexts>();
        foreach (var argument in context.Arguments)
        {
            var (field, value) = argument switch
            {
                RegisterRequest r => ("email", r.Email),
                LoginRequest r => ("email", r.Email),
                ForgotPasswordRequest r => ("email", r.Email),
                ResetPasswordRequest r => ("email", r.Email),
                ResendConfirmationEmailRequest r => ("email", r.Email),
                InfoRequest r => ("newEmail", r.NewEmail),
                _ => ("", null),
            };
            if (value is { Length: > MaxEmailLength })
            {
                errors ??= [];
                errors[field] = [texts.EmailTooLong(MaxEmailLength)];
            }
            else if (
                argument is RegisterRequest or InfoRequest
                && value is { Length: > 0 }
                && Features.Accounts.EmailAddresses.Canonicalize(value) is null
            )
            {
                // An address being set or changed follows the one rule set of every other path. Within the length
                // checked above, the rules refuse an address for being blank or for being invalid.
                errors ??= [];
                errors[field] = [string.IsNullOrWhiteSpace(value) ? texts.EmailMissing : texts.EmailInvalid];
            }
        }

        return errors is null
            ? await next(context)
            : new Error(ErrorKind.Validation, "invalid_email", errors.Values.First()[0])
            {
                Fields = errors,
            }.ToProblem();
    }

    /// <summary>Registration:Mode=InviteOnly closes plain sign-up, whether the address is new or taken; signing up
    /// through an invite still works.</summary>
    public static async ValueTask<object?> RegistrationModeAsync(
        EndpointFilterInvocationContext context,
        EndpointFilterDelegate next
    )
    {
        if (
            context.Arguments.OfType<RegisterRequest>().Any()
            && await context
                .HttpContext.RequestServices.GetRequiredService<Features.Admin.RegistrationModes>()
                .CurrentAsync(context.HttpContext.RequestAborted) == RegistrationMode.InviteOnly
        )
        {
            return new Error(
                ErrorKind.Forbidden,
                "registration_closed",
                context.HttpContext.RequestServices.GetRequiredService<AccountTexts>().RegistrationClosed
            ).ToProblem();
        }

        return await next(context);
    }

    /// <summary>
    /// Identity's confirmation link confirms on GET, which mail scanners prefetch. Its mails link to the
    /// confirmation pages instead, and an older link opening this endpoint is sent there: a button posts.
    /// </summary>
    public static async ValueTask<object?> ConfirmationLinkAsync(
        EndpointFilterInvocationContext context,
        EndpointFilterDelegate next
    )
    {
        var request = context.HttpContext.Request;
        if (!request.Path.Value!.EndsWith("/confirmEmail", StringComparison.OrdinalIgnoreCase))
        {
            return await next(context);
        }

        var publicUrl = context.HttpContext.RequestServices.GetRequiredService<PublicUrl>();
        var page = AccountLinks.FromIdentityApiQuery(QueryHelpers.ParseQuery(request.QueryString.Value));
        return TypedResults.Redirect(publicUrl.ForRedirect(page));
    }

    /// <summary>
    /// Identity's API writes a few messages of its own (turning on two-factor sign-in, changing a password): each, by
    /// its code, in the reader's language. Its other messages come from <see cref="AccountErrorDescriber"/>.
    /// </summary>
    public static async ValueTask<object?> IdentityMessagesAsync(
        EndpointFilterInvocationContext context,
        EndpointFilterDelegate next
    )
    {
        var result = await next(context);
        if (
            (result is INestedHttpResult nested ? nested.Result : result) is not ValidationProblem problem
            || !problem.ProblemDetails.Errors.Keys.Any(IdentityApiMessages.ContainsKey)
        )
        {
            return result;
        }

        var texts = context.HttpContext.RequestServices.GetRequiredService<AccountTexts>();
        var errors = problem.ProblemDetails.Errors.ToDictionary(
            e => e.Key,
            e => IdentityApiMessages.TryGetValue(e.Key, out var message) ? [message(texts)] : e.Value
        );
        return TypedResults.ValidationProblem(
            errors,
            problem.ProblemDetails.Detail,
            title: problem.ProblemDetails.Title
        );
    }

    private static readonly Dictionary<string, Func<AccountTexts, string>> IdentityApiMessages = new()
    {
        ["CannotResetSharedKeyAndEnable"] = t => t.TwoFactorKeyResetAndEnable,
        ["RequiresTwoFactor"] = t => t.TwoFactorCodeMissing,
        ["InvalidTwoFactorCode"] = t => t.TwoFactorCodeInvalid,
        ["OldPasswordRequired"] = t => t.OldPasswordRequired,
    };
}

/// <summary>The relative addresses of the account pages that mailed links open.</summary>
public static class AccountLinks
{
    public static string ConfirmEmail(string userId, string code) =>
        QueryHelpers.AddQueryString(
            "Account/ConfirmEmail",
            new Dictionary<string, string?> { ["userId"] = userId, ["code"] = code }
        );

    public static string ConfirmEmailChange(string userId, string email, string code) =>
        QueryHelpers.AddQueryString(
            "Account/ConfirmEmailChange",
            new Dictionary<string, string?>
            {
                ["userId"] = userId,
                ["email"] = email,
                ["code"] = code,
            }
        );

    /// <summary>The page for a confirmation link of Identity's API
    /// (<c>confirmEmail?userId&amp;code[&amp;changedEmail]</c>), whatever host it names.</summary>
    public static string FromIdentityApiLink(string link) =>
        FromIdentityApiQuery(
            QueryHelpers.ParseQuery(Uri.TryCreate(link, UriKind.Absolute, out var uri) ? uri.Query : "")
        );

    public static string FromIdentityApiQuery(IDictionary<string, Microsoft.Extensions.Primitives.StringValues> query)
    {
        var userId = query.TryGetValue("userId", out var u) ? u.ToString() : "";
        var code = query.TryGetValue("code", out var c) ? c.ToString() : "";
        return query.TryGetValue("changedEmail", out var changed) && !string.IsNullOrEmpty(changed)
            ? ConfirmEmailChange(userId, changed.ToString(), code)
            : ConfirmEmail(userId, code);
    }
}
