using HouseholdApp.Common;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.AspNetCore.WebUtilities;

namespace HouseholdApp.Components.Account;

/// <summary>Filters on the route group of Identity's account API (see <see cref="AccountSetup.MapAccounts"/>).</summary>
internal static class AccountApiFilters
{
    public const int MaxEmailLength = 256;

    /// <summary>
    /// Identity checks an address only as far as it does itself, so one longer than the column (256) reached the
    /// database and answered 500. Each address of Identity's request types answers a 400 validation problem instead.
    /// </summary>
    public static async ValueTask<object?> ValidateAddressesAsync(
        EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        Dictionary<string, string[]>? errors = null;
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
                errors[field] = [TooLong];
            }
            else if (argument is RegisterRequest or InfoRequest && value is { Length: > 0 }
                     && Features.Accounts.EmailAddresses.Validate(value).Error is { } rule)
            {
                // An address being set or changed follows the one rule set of every other path.
                errors ??= [];
                errors[field] = [rule];
            }
        }

        return errors is null
            ? await next(context)
            : new Error(ErrorKind.Validation, "invalid_email", errors.Values.First()[0]) { Fields = errors }.ToProblem();
    }

    /// <summary>Registration:Mode=InviteOnly closes plain sign-up, whether the address is new or taken; signing up
    /// through an invite still works.</summary>
    public static async ValueTask<object?> RegistrationModeAsync(
        EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<RegisterRequest>().Any()
            && await context.HttpContext.RequestServices.GetRequiredService<Features.Admin.RegistrationModes>()
                .CurrentAsync(context.HttpContext.RequestAborted) == RegistrationMode.InviteOnly)
        {
            return new Error(ErrorKind.Forbidden, "registration_closed",
                "This server only accepts new accounts through an invite link. Ask a household owner for one.").ToProblem();
        }

        return await next(context);
    }

    /// <summary>
    /// Identity's confirmation link confirms on GET, which mail scanners prefetch. Its mails link to the
    /// confirmation pages instead, and an older link opening this endpoint is sent there: a button posts.
    /// </summary>
    public static async ValueTask<object?> ConfirmationLinkAsync(
        EndpointFilterInvocationContext context, EndpointFilterDelegate next)
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

    private const string TooLong = "An e-mail address can be at most 256 characters long.";
}

/// <summary>The relative addresses of the account pages that mailed links open.</summary>
public static class AccountLinks
{
    public static string ConfirmEmail(string userId, string code) =>
        QueryHelpers.AddQueryString("Account/ConfirmEmail",
            new Dictionary<string, string?> { ["userId"] = userId, ["code"] = code });

    public static string ConfirmEmailChange(string userId, string email, string code) =>
        QueryHelpers.AddQueryString("Account/ConfirmEmailChange",
            new Dictionary<string, string?> { ["userId"] = userId, ["email"] = email, ["code"] = code });

    /// <summary>The page for a confirmation link of Identity's API (<c>confirmEmail?userId&amp;code[&amp;changedEmail]</c>),
    /// whatever host it names.</summary>
    public static string FromIdentityApiLink(string link) =>
        FromIdentityApiQuery(
            QueryHelpers.ParseQuery(Uri.TryCreate(link, UriKind.Absolute, out var uri) ? uri.Query : ""));

    public static string FromIdentityApiQuery(IDictionary<string, Microsoft.Extensions.Primitives.StringValues> query)
    {
        var userId = query.TryGetValue("userId", out var u) ? u.ToString() : "";
        var code = query.TryGetValue("code", out var c) ? c.ToString() : "";
        return query.TryGetValue("changedEmail", out var changed) && !string.IsNullOrEmpty(changed)
            ? ConfirmEmailChange(userId, changed.ToString(), code)
            : ConfirmEmail(userId, code);
    }
}
