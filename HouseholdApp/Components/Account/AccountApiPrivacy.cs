using HouseholdApp.Data;
using HouseholdApp.Features.Email;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;

namespace HouseholdApp.Components.Account;

/// <summary>
/// The JSON account API's answers, as quiet about addresses as the pages once mail is on: registering a taken
/// address answers like a new one (its owner gets a note by mail), "forgot password" and "resend confirmation" answer
/// before anything is looked up, and a sign-in answers an unknown, locked or unconfirmed address (with a wrong
/// password) like a wrong password, at the cost of the same password hash.
/// </summary>
internal static class AccountApiPrivacy
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var services = ctx.HttpContext.RequestServices;
        if (!services.GetRequiredService<Mailer>().Enabled)
        {
            // Without mail there is nobody to tell privately: a taken address is refused as such.
            return await next(ctx);
        }

        foreach (var argument in ctx.Arguments)
        {
            switch (argument)
            {
                case RegisterRequest registration:
                    var result = await services
                        .GetRequiredService<AccountRegistration>()
                        .RegisterWithMailAsync(
                            registration.Email,
                            registration.Password,
                            null,
                            ctx.HttpContext.RequestAborted
                        );
                    return result.Succeeded
                        ? TypedResults.Ok()
                        : TypedResults.ValidationProblem(
                            result
                                .Errors.GroupBy(e => e.Code)
                                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray())
                        );
                case ForgotPasswordRequest forgot:
                    services
                        .GetRequiredService<AnonymousAccountMail>()
                        .Request(AnonymousAccountMail.Kind.ResetCode, forgot.Email);
                    return TypedResults.Ok();
                case ResendConfirmationEmailRequest resend:
                    services
                        .GetRequiredService<AnonymousAccountMail>()
                        .Request(AnonymousAccountMail.Kind.Confirmation, resend.Email);
                    return TypedResults.Ok();
                case LoginRequest login:
                    return await LoginAsync(ctx, next, services, login);
                default:
                    break;
            }
        }

        return await next(ctx);
    }

    private static async ValueTask<object?> LoginAsync(
        EndpointFilterInvocationContext ctx,
        EndpointFilterDelegate next,
        IServiceProvider services,
        LoginRequest login
    )
    {
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByNameAsync(login.Email);
        if (user is null)
        {
            SignInTiming.HashAnyway(users.PasswordHasher, login.Password);
        }

        var result = await next(ctx);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        if (
            user is not null
            && inner is ProblemHttpResult { ProblemDetails.Detail: "LockedOut" or "NotAllowed" } refused
        )
        {
            // Identity refuses a locked or unconfirmed account before it checks the password. Check it here (the same
            // hash), and tell only someone who knows the password.
            var passwordRight =
                refused.ProblemDetails.Detail == "NotAllowed" && await users.CheckPasswordAsync(user, login.Password);
            if (refused.ProblemDetails.Detail == "LockedOut")
            {
                SignInTiming.HashAnyway(users.PasswordHasher, login.Password);
            }

            return passwordRight
                ? result
                : TypedResults.Problem("Failed", statusCode: StatusCodes.Status401Unauthorized);
        }

        return result;
    }
}
