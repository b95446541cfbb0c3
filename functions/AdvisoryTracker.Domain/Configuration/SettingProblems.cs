using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Domain.Configuration;

/// <summary>What is wrong with the settings of one section, one line per setting: <c>Section__Key: what is wrong</c>.</summary>
public sealed class SettingProblems(string section)
{
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    public ValidateOptionsResult Result => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);

    /// <summary>The setting's name as app settings and local.settings.json write it: <c>Smtp__Port</c>, <c>CsafSources__0__Location</c>.</summary>
    public static string SettingName(string section, string key) =>
        string.Join("__", new[] { section, key }.Where(part => part.Length > 0)).Replace(":", "__", StringComparison.Ordinal);

    public void Add(string key, string problem) => _failures.Add($"{SettingName(section, key)}: {problem}");

    public void Require(bool valid, string key, string problem)
    {
        if (!valid)
        {
            Add(key, problem);
        }
    }

    public void Range(long value, long min, long max, string key) =>
        Require(value >= min && value <= max, key, $"must be from {min} to {max} (is {value})");

    public void AtLeast(long value, long min, string key) =>
        Require(value >= min, key, $"must be at least {min} (is {value})");

    public void Positive(TimeSpan value, string key) =>
        Require(value > TimeSpan.Zero, key, $"must be a positive duration (is {value})");

    public void NotNegative(TimeSpan value, string key) =>
        Require(value >= TimeSpan.Zero, key, $"must not be negative (is {value})");

    public void Between(TimeSpan value, TimeSpan min, TimeSpan max, string key) =>
        Require(value >= min && value <= max, key, $"must be from {min} to {max} (is {value})");

    public void NotEmpty(string? value, string key) =>
        Require(!string.IsNullOrWhiteSpace(value), key, "must be set");

    /// <summary>An absolute http or https URL (https only unless <paramref name="allowHttp"/>).</summary>
    public void AbsoluteUrl(string? value, string key, bool allowHttp = true)
    {
        var valid = Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || (allowHttp && uri.Scheme == Uri.UriSchemeHttp));
        Require(valid, key, allowHttp ? $"must be an absolute http(s) URL (is '{value}')" : $"must be an absolute https URL (is '{value}')");
    }

    /// <summary>One email address (no display name).</summary>
    public void Email(string? value, string key) =>
        Require(IsEmail(value), key, $"must be an email address (is '{value}')");

    public static bool IsEmail(string? value) =>
        !string.IsNullOrWhiteSpace(value) && MailAddress.TryCreate(value.Trim(), out var parsed) && parsed.Address == value.Trim();
}
