using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Domain.Configuration;

/// <summary>
/// The one way options are validated: each options class has one <see cref="SettingValidator{TOptions}"/>, registered
/// as its <see cref="IValidateOptions{TOptions}"/> with <c>ValidateOnStart</c>. Every failure names the setting as it is
/// written in local.settings.json and the app settings (<c>Smtp__Port: must be from 1 to 65535</c>), so a misconfigured
/// start says what to fix, one line per wrong setting.
/// </summary>
public abstract class SettingValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <summary>The configuration section the options are bound from (<c>Notifications</c>, <c>Smtp</c>).</summary>
    public string Section { get; } = section;

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new SettingProblems(Section);
        Check(options, problems);
        return problems.Result;
    }

    /// <summary>Adds one problem per wrong setting.</summary>
    protected abstract void Check(TOptions options, SettingProblems problems);
}
