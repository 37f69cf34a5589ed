using Microsoft.Extensions.Localization;

namespace HouseholdApp.Common;

/// <summary>What every area says alike: how a moment is written, the answers every service gives, the rules for
/// names, the API's problems and the pages every app has (home, not found, error).</summary>
public sealed class SharedTexts(IStringLocalizer<SharedTexts> localizer) : Texts(localizer)
{
    /// <summary>A .NET date and time pattern ("d MMM yyyy, HH:mm"); the zone's name follows it.</summary>
    public string DateTimePattern => Get(nameof(DateTimePattern));

    public string DatePattern => Get(nameof(DatePattern));

    /// <summary>No signed-in user: the same answer from every service.</summary>
    public Error Unauthenticated => new(ErrorKind.Unauthorized, "unauthorized", Get(nameof(Unauthenticated)));

    /// <summary>A member (or non-owner) asked for something only owners may do: the same answer from every service.
    /// </summary>
    public Error OwnersOnly => new(ErrorKind.Forbidden, "forbidden", Get(nameof(OwnersOnly)));

    // The rules for names (NameRules); the limit is {0}.
    public string DisplayNameTooLong(int max) => Format(nameof(DisplayNameTooLong), max);

    public string DisplayNameHidden => Get(nameof(DisplayNameHidden));

    public string HouseholdNameTooLong(int max) => Format(nameof(HouseholdNameTooLong), max);

    public string HouseholdNameHidden => Get(nameof(HouseholdNameHidden));

    public string InviteLabelTooLong(int max) => Format(nameof(InviteLabelTooLong), max);

    public string InviteLabelHidden => Get(nameof(InviteLabelHidden));

    public string PasskeyNameTooLong(int max) => Format(nameof(PasskeyNameTooLong), max);

    public string PasskeyNameHidden => Get(nameof(PasskeyNameHidden));

    // The rules for an e-mail address (EmailAddresses.Validate); the limit is {0}.
    public string EmailMissing => Get(nameof(EmailMissing));

    public string EmailTooLong(int max) => Format(nameof(EmailTooLong), max);

    public string EmailInvalid => Get(nameof(EmailInvalid));

    /// <summary>The title of a problem of ours, one per kind of failure.</summary>
    public string ProblemTitle(ErrorKind kind) =>
        kind switch
        {
            ErrorKind.Validation => Get("ProblemInvalid"),
            ErrorKind.Malformed => Get("ProblemMalformed"),
            ErrorKind.Unauthorized => Get("ProblemSignInRequired"),
            ErrorKind.Forbidden => Get("ProblemNotAllowed"),
            ErrorKind.NotFound => Get("ProblemNotFound"),
            ErrorKind.Conflict => Get("ProblemConflict"),
            ErrorKind.Gone => Get("ProblemGone"),
            ErrorKind.RateLimited => Get("ProblemRateLimited"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

    /// <summary>
    /// The title of a problem the framework made (status code pages, Identity's endpoints): its own English title for
    /// the status, in the reader's language; null for a status it gives no title.
    /// </summary>
    public string? StatusTitle(int status) =>
        status switch
        {
            StatusCodes.Status400BadRequest => Get("Status400"),
            StatusCodes.Status401Unauthorized => Get("Status401"),
            StatusCodes.Status403Forbidden => Get("Status403"),
            StatusCodes.Status404NotFound => Get("Status404"),
            StatusCodes.Status405MethodNotAllowed => Get("Status405"),
            StatusCodes.Status406NotAcceptable => Get("Status406"),
            StatusCodes.Status409Conflict => Get("Status409"),
            StatusCodes.Status415UnsupportedMediaType => Get("Status415"),
            StatusCodes.Status500InternalServerError => Get("Status500"),
            _ => null,
        };

    /// <summary>The framework's title of a validation problem with per-field messages.</summary>
    public string ValidationFailed => Get(nameof(ValidationFailed));

    public string InvalidCharacters => Get(nameof(InvalidCharacters));

    public string EmailTaken => Get(nameof(EmailTaken));

    public string UnreadableTitle => Get(nameof(UnreadableTitle));

    public string UnreadableDetail => Get(nameof(UnreadableDetail));

    public string InternalErrorTitle => Get(nameof(InternalErrorTitle));

    public string InternalErrorDetail => Get(nameof(InternalErrorDetail));

    public string DatabaseUnavailableTitle => Get(nameof(DatabaseUnavailableTitle));

    public string DatabaseUnavailableDetail(int seconds) => Format(nameof(DatabaseUnavailableDetail), seconds);

    public string RateLimited(int seconds) => Plural(nameof(RateLimited), seconds);

    /// <summary>An action of an interactive page found the database down.</summary>
    public string DatabaseDown => Get(nameof(DatabaseDown));

    // The page shown when the database is down (DatabaseUnavailablePage).
    public string BusyPageTitle => Get(nameof(BusyPageTitle));

    public string BusyHeading => Get(nameof(BusyHeading));

    public string BusyNothingLost => Get(nameof(BusyNothingLost));

    public string BusyTryAgainIn(int seconds) => Plural(nameof(BusyTryAgainIn), seconds);

    public string TryAgain => Get(nameof(TryAgain));

    // Not found and error pages.
    public string NotFoundPageTitle => Get(nameof(NotFoundPageTitle));

    public string NotFoundHeading => Get(nameof(NotFoundHeading));

    public string NotFoundMessage => Get(nameof(NotFoundMessage));

    public string NoAccessMessage => Get(nameof(NoAccessMessage));

    public string GoHome => Get(nameof(GoHome));

    public string GoToHouseholds => Get(nameof(GoToHouseholds));

    public string ErrorPageTitle => Get(nameof(ErrorPageTitle));

    public string ErrorHeading => Get(nameof(ErrorHeading));

    public string ErrorMessage => Get(nameof(ErrorMessage));

    public string ErrorReference => Get(nameof(ErrorReference));

    // Dialogs and sharing.
    public string Cancel => Get(nameof(Cancel));

    public string Share => Get(nameof(Share));
}
