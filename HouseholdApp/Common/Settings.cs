using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using HouseholdApp.Components.Account;
using HouseholdApp.Features.Invites;
using Microsoft.Extensions.Options;

namespace HouseholdApp.Common;

/// <summary>
/// Settings are checked once, before the app touches the database or serves anything: a bad value stops it with a
/// message that names the setting (and its environment variable) and exit code <see cref="InvalidSettingsExitCode"/>,
/// instead of failing at the first request or being quietly replaced. Each rule is an options validator
/// (<c>ValidateOnStart</c>): data annotations on the options class, checked by <see cref="SettingsValidator{T}"/>.
/// </summary>
internal static partial class Settings
{
    /// <summary>sysexits.h EX_CONFIG: a configuration error.</summary>
    public const int InvalidSettingsExitCode = 78;

    /// <summary>Registers the start-up checks of the settings that no feature checks itself.</summary>
    public static IServiceCollection AddSettingsValidation(this IServiceCollection services)
    {
        services.AddOptions<AppSettings>().BindSettings(AppSettings.Section);
        services.AddOptions<RateLimitSettings>().BindSettings(RateLimitSettings.Section);
        services.AddOptions<ForwardedHeadersSettings>().BindSettings(ForwardedHeadersSettings.Section);
        services.AddOptions<InviteSettings>().BindSettings(InviteOptions.Section);
        // Binding alone checks these: an unknown registration mode names its key.
        services.AddOptions<RegistrationOptions>().ValidateOnStart();
        return services;
    }

    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/> and checks it at start-up.</summary>
    public static OptionsBuilder<T> BindSettings<T>(this OptionsBuilder<T> builder, string section)
        where T : class
    {
        builder.BindConfiguration(section);
        builder.Services.AddSingleton<IValidateOptions<T>>(new SettingsValidator<T>(builder.Name, section));
        return builder.ValidateOnStart();
    }

    /// <summary>Runs every start-up check; false (after logging each problem) when a setting is unusable.</summary>
    public static bool AreValid(IServiceProvider services)
    {
        IReadOnlyList<string> problems;
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return true;
        }
        catch (OptionsValidationException e)
        {
            problems = [.. e.Failures];
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            problems = [.. e.InnerExceptions.SelectMany(i => ((OptionsValidationException)i).Failures)];
        }
        catch (InvalidOperationException e)
        {
            // The configuration binder could not convert a value; its message names the key.
            problems =
            [
                BinderKey().Match(e.Message) is { Success: true } key
                    ? $"{key.Groups[1].Value} (environment variable {EnvironmentVariable(key.Groups[1].Value)}) "
                        + $"has a value of the wrong kind. {e.Message}"
                    : e.Message,
            ];
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Settings).FullName!);
        foreach (var problem in problems)
        {
            LogInvalidSetting(logger, problem);
        }

        LogNotStarted(logger, problems.Count);
        return false;
    }

    /// <summary>The environment variable that sets a configuration key (RateLimiting:Accounts:PermitLimit →
    /// RateLimiting__Accounts__PermitLimit).</summary>
    public static string EnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    [GeneratedRegex("at '([^']+)'")]
    private static partial Regex BinderKey();

    [LoggerMessage(Level = LogLevel.Critical, Message = "Invalid setting: {Problem}")]
    private static partial void LogInvalidSetting(ILogger logger, string problem);

    [LoggerMessage(
        Level = LogLevel.Critical,
        Message = "The app did not start: {Count} setting(s) above must be fixed first."
    )]
    private static partial void LogNotStarted(ILogger logger, int count);
}

/// <summary>
/// Checks an options object's data annotations (and those of a dictionary's values) and reports each failure by its
/// full configuration key, its environment variable and its current value.
/// </summary>
internal sealed class SettingsValidator<T>(string? name, string section) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? optionsName, T options)
    {
        if (name is not null && name != optionsName)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        Check(options, section, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(object options, string prefix, List<string> failures)
    {
        if (options is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (entry.Value is not null)
                {
                    Check(entry.Value, $"{prefix}:{entry.Key}", failures);
                }
            }

            return;
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        foreach (var result in results)
        {
            foreach (var member in result.MemberNames.DefaultIfEmpty(""))
            {
                var key = member.Length == 0 ? prefix : $"{prefix}:{member}";
                var value = member.Length == 0 ? null : options.GetType().GetProperty(member)?.GetValue(options);
                var shown = value is IEnumerable items and not string
                    ? string.Join(", ", items.Cast<object>())
                    : Convert.ToString(value, CultureInfo.InvariantCulture);
                failures.Add(
                    $"{key} (environment variable {Settings.EnvironmentVariable(key)}) "
                        + $"{result.ErrorMessage}; it is '{shown}'."
                );
            }
        }
    }
}

/// <summary>The checked form of App:PublicUrl (the app reads it through <see cref="PublicUrl"/>).</summary>
internal sealed class AppSettings
{
    public const string Section = "App";

    [PublicAddress]
    public string? PublicUrl { get; set; }

    private sealed class PublicAddressAttribute : ValidationAttribute
    {
        public PublicAddressAttribute()
            : base(
                "must be an absolute http or https address without query or fragment, such as https://home.example.org"
            ) { }

        public override bool IsValid(object? value)
        {
            try
            {
                _ = Common.PublicUrl.Parse(value as string);
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }
}

/// <summary>Every rate-limit window under RateLimiting (RateLimiting:{Name}:PermitLimit, :WindowSeconds) that is
/// set.</summary>
internal sealed class RateLimitSettings : Dictionary<string, RateLimitSettings.Window>
{
    public const string Section = "RateLimiting";

    public RateLimitSettings()
        : base(StringComparer.OrdinalIgnoreCase) { }

    public sealed class Window
    {
        [Range(1, 1_000_000, ErrorMessage = "must be a whole number from {1} to {2}")]
        public int? PermitLimit { get; set; }

        [Range(1, 86_400, ErrorMessage = "must be a whole number of seconds from {1} to {2}")]
        public int? WindowSeconds { get; set; }
    }
}

/// <summary>The checked form of ForwardedHeaders:KnownProxies (read by <see cref="ForwardedHeadersSetup"/>).</summary>
internal sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    [IpAddresses]
    public List<string> KnownProxies { get; set; } = [];

    private sealed class IpAddressesAttribute()
        : ValidationAttribute("must list IP addresses (such as 127.0.0.1 or ::1) only")
    {
        public override bool IsValid(object? value) =>
            value is not IEnumerable<string> addresses || addresses.All(a => IPAddress.TryParse(a, out _));
    }
}

/// <summary>The checked form of the Invites section (<see cref="InviteOptions"/>).</summary>
internal sealed class InviteSettings
{
    [Range(1, 1000, ErrorMessage = "must be a whole number from {1} to {2}")]
    public int MaxActivePerHousehold { get; set; } = 20;
}
