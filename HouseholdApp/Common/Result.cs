namespace HouseholdApp.Common;

/// <summary>How an expected failure maps to HTTP (once, in <see cref="ProblemResults"/>).</summary>
public enum ErrorKind
{
    Validation,
    Malformed,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Gone,
    RateLimited,
}

/// <summary>An expected failure: a stable machine-readable <paramref name="Code"/> and a message for people.</summary>
public sealed record Error(ErrorKind Kind, string Code, string Message)
{
    /// <summary>Per-field messages for validation errors (field name → messages).</summary>
    public IReadOnlyDictionary<string, string[]>? Fields { get; init; }

    /// <summary>More members of the problem beside <c>code</c> (e.g. the households a refusal is about).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    /// <summary>For a rate limit: when the client may try again (the Retry-After header).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Error Validation(string code, string message, string field) =>
        new(ErrorKind.Validation, code, message) { Fields = new Dictionary<string, string[]> { [field] = [message] } };

    public static Error NotFound(string code, string message) => new(ErrorKind.NotFound, code, message);

    public static Error Forbidden(string code, string message) => new(ErrorKind.Forbidden, code, message);

    public static Error Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);
}

/// <summary>The value of an operation that can fail in expected ways.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, Error? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);
}

/// <summary>Success without a value.</summary>
public readonly record struct Unit
{
    public static readonly Unit Value;
}
