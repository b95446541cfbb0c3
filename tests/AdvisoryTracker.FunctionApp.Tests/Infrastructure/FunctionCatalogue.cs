using System.Reflection;
using AdvisoryTracker.Functions;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace AdvisoryTracker.FunctionApp.Tests.Infrastructure;

/// <summary>The functions of AdvisoryTracker.Functions as its code declares them ([Function] methods and their triggers).</summary>
internal static class FunctionCatalogue
{
    public static Assembly Assembly { get; } = typeof(FunctionAppComposition).Assembly;

    /// <summary>Every class with at least one [Function] method.</summary>
    public static IReadOnlyList<Type> FunctionClasses { get; } = Assembly.GetTypes()
        .Where(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Any(method => method.GetCustomAttribute<FunctionAttribute>() is not null))
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Every function name ([Function("Name")]).</summary>
    public static IReadOnlyList<string> FunctionNames { get; } = FunctionClasses
        .SelectMany(type => type.GetMethods())
        .Select(method => method.GetCustomAttribute<FunctionAttribute>()?.Name)
        .OfType<string>()
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Every timer trigger: function name and its schedule as written ("%SourceSyncSchedule%").</summary>
    public static IReadOnlyList<(string Function, string Schedule)> Timers { get; } = FunctionClasses
        .SelectMany(type => type.GetMethods())
        .Select(method => (Function: method.GetCustomAttribute<FunctionAttribute>()?.Name, Method: method))
        .Where(entry => entry.Function is not null)
        .SelectMany(entry => entry.Method.GetParameters()
            .Select(parameter => parameter.GetCustomAttribute<TimerTriggerAttribute>())
            .OfType<TimerTriggerAttribute>()
            .Select(trigger => (entry.Function!, trigger.Schedule)))
        .OrderBy(timer => timer.Item1, StringComparer.Ordinal)
        .ToArray();

    /// <summary>
    /// Resolves a schedule the way the Functions host does (%Name% is the app setting Name) and parses it as the host's
    /// NCRONTAB with seconds (six fields). Returns the expression or throws with the setting's name.
    /// </summary>
    public static (string Setting, string Expression, CrontabSchedule Parsed) ResolveSchedule(string schedule, IReadOnlyDictionary<string, string> settings)
    {
        var setting = schedule.StartsWith('%') && schedule.EndsWith('%') ? schedule.Trim('%') : null;
        string? expression;
        if (setting is null)
        {
            expression = schedule;
        }
        else if (!settings.TryGetValue(setting, out expression) || string.IsNullOrWhiteSpace(expression))
        {
            throw new InvalidOperationException($"The timer schedule setting '{setting}' is missing or empty.");
        }

        var parsed = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            ?? throw new InvalidOperationException($"'{setting ?? schedule}' = '{expression}' is not an NCRONTAB expression with six fields.");
        return (setting ?? "", expression, parsed);
    }
}
