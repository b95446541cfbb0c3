using AdvisoryTracker.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.FunctionApp.Tests.Infrastructure;

/// <summary>
/// The Function App's host built in this process by the same code Program.cs runs (FunctionsApplication.CreateBuilder
/// then <see cref="FunctionAppComposition.Configure"/>), with given app settings; not started, so it needs no Functions
/// host. Used for what the process cannot show from outside: each options class, each function class.
/// </summary>
internal sealed class InProcessComposition : IDisposable
{
    private InProcessComposition(IHost host, IReadOnlyList<Type> optionsTypes)
    {
        Host = host;
        OptionsTypes = optionsTypes;
    }

    public IHost Host { get; }

    /// <summary>The app's own options classes (AdvisoryTracker.*) that the composition configures or validates.</summary>
    public IReadOnlyList<Type> OptionsTypes { get; }

    public static InProcessComposition Build(IReadOnlyDictionary<string, string> appSettings)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        // App Service gives settings as environment variables, where "__" separates sections.
        builder.Configuration.AddInMemoryCollection(
            appSettings.Select(pair => new KeyValuePair<string, string?>(pair.Key.Replace("__", ":", StringComparison.Ordinal), pair.Value)));
        FunctionAppComposition.Configure(builder);

        Type[] optionsInterfaces = [typeof(IConfigureOptions<>), typeof(IPostConfigureOptions<>), typeof(IValidateOptions<>), typeof(IOptionsChangeTokenSource<>)];
        var optionsTypes = builder.Services
            .Select(descriptor => descriptor.ServiceType)
            .Where(type => type.IsGenericType && optionsInterfaces.Contains(type.GetGenericTypeDefinition()))
            .Select(type => type.GetGenericArguments()[0])
            .Where(type => type.Namespace?.StartsWith("AdvisoryTracker.", StringComparison.Ordinal) == true)
            .Distinct()
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .ToArray();
        return new InProcessComposition(builder.Build(), optionsTypes);
    }

    /// <summary>The options instance, validated (throws OptionsValidationException when a rule fails).</summary>
    public object Options(Type optionsType)
    {
        var monitor = Host.Services.GetRequiredService(typeof(IOptionsMonitor<>).MakeGenericType(optionsType));
        return monitor.GetType().GetMethod(nameof(IOptionsMonitor<object>.Get))!.Invoke(monitor, [Microsoft.Extensions.Options.Options.DefaultName])!;
    }

    /// <summary>What Host.StartAsync runs before anything starts: every ValidateOnStart registration.</summary>
    public void ValidateOnStart() => Host.Services.GetRequiredService<IStartupValidator>().Validate();

    /// <summary>A function class, created the way the worker creates it for an invocation (its dependencies from a scope).</summary>
    public object CreateFunctionClass(IServiceProvider scope, Type functionClass) =>
        ActivatorUtilities.CreateInstance(scope, functionClass);

    public void Dispose() => Host.Dispose();
}
