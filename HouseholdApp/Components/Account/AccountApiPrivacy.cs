using HouseholdApp.Data;
using HouseholdApp.Features.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity.Data;

namespace HouseholdApp.Components.Account;

/// <summary>
/// The JSON account API's answers, made as quiet about addresses as the pages once mail is on: registering a taken
/// address answers like a new one (its owner gets a note by mail), an unknown address costs a sign-in the same
/// password hash, and a locked account answers like a wrong password.
/// </summary>
internal static class AccountApiPrivacy
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var services = ctx.HttpContext.RequestServices;
        var path = ctx.HttpContext.Request.Path.Value ?? "";
        if (path.EndsWith("/register", StringComparison.OrdinalIgnoreCase)
            && ctx.Arguments.OfType<RegisterRequest>().FirstOrDefault() is { } registration
            && services.GetRequiredService<Mailer>().Enabled)
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            var existing = string.IsNullOrEmpty(registration.Email) ? null : await users.FindByEmailAsync(registration.Email);
            if (existing is not null)
            {
                foreach (var validator in users.PasswordValidators)
                {
                    var check = await validator.ValidateAsync(users, existing, registration.Password);
                    if (!check.Succeeded)
                    {
                        // A weak password is refused as for a new address, before anything is revealed.
                        return await next(ctx);
                    }
                }

                users.PasswordHasher.HashPassword(existing, registration.Password);
                await services.GetRequiredService<AccountMail>().SendAlreadyRegisteredAsync(existing.Email!);
                return TypedResults.Ok();
            }
        }

        if (path.EndsWith("/login", StringComparison.OrdinalIgnoreCase) && ctx.Arguments.OfType<LoginRequest>().FirstOrDefault() is { } login
            && services.GetRequiredService<Mailer>().Enabled)
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            if (await users.FindByNameAsync(login.Email) is null)
            {
                SignInTiming.HashAnyway(users.PasswordHasher, login.Password);
            }

            var result = await next(ctx);
            var inner = result is INestedHttpResult nested ? nested.Result : result;
            if (inner is ProblemHttpResult { ProblemDetails.Detail: "LockedOut" })
            {
                // Identity refuses a locked account before hashing: pay the hash anyway, and answer like a wrong password.
                SignInTiming.HashAnyway(users.PasswordHasher, login.Password);
                return TypedResults.Problem("Failed", statusCode: StatusCodes.Status401Unauthorized);
            }

            return result;
        }

        return await next(ctx);
    }
}
