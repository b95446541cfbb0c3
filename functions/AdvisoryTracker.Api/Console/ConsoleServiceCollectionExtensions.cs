using AdvisoryTracker.Adapters.Configuration;
using AdvisoryTracker.Api.Console.Pages;
using AdvisoryTracker.Domain.Remediation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Api.Console;

public static class ConsoleServiceCollectionExtensions
{
    /// <summary>
    /// The web console's pages and sign-in. <paramref name="signInKey"/> is the local runner's key (local sign-in);
    /// null in the Function App, where App Service Authentication signs people in.
    /// </summary>
    public static IServiceCollection AddAdminConsole(this IServiceCollection services, string? signInKey)
    {
        services.AddValidatedOptions<ConsoleOptions, ConsoleOptionsValidator>(ConsoleOptions.SectionName);
        services.AddValidatedOptions<RemediationDueOptions, RemediationDueOptionsValidator>(RemediationDueOptions.SectionName);
        services.AddSingleton(new ConsoleSignInKey(signInKey));
        services.AddSingleton<ConsoleAuth>();
        services.AddSingleton<ConsoleLayout>();
        services.AddSingleton<ConsoleData>();
        services.AddSingleton<ConsoleDispatcher>();
        services.AddSingleton<SignInPage>();
        services.AddSingleton<OverviewPage>();
        services.AddSingleton<DevicesPage>();
        services.AddSingleton<DeviceImportPage>();
        services.AddSingleton<AdvisoriesPage>();
        services.AddSingleton<TriagePage>();
        services.AddSingleton<RemediationPage>();
        services.AddSingleton<OperationsPage>();
        return services;
    }
}
