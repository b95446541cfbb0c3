using AdvisoryTracker.Api.Console.Pages;
using AdvisoryTracker.Domain.RemediationTracking;
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
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.SectionName)
            .Validate(o => string.IsNullOrEmpty(o.SessionKey) || o.SessionKey.Length >= 32, "Console:SessionKey must be at least 32 characters (or empty for a random key per process)")
            .Validate(o => o.SessionLifetime > TimeSpan.Zero && o.SessionLifetime <= TimeSpan.FromDays(7), "Console:SessionLifetime must be positive and at most 7 days")
            .ValidateOnStart();
        services.AddOptions<RemediationDueOptions>().BindConfiguration(RemediationDueOptions.SectionName)
            .Validate(o => new[] { o.KnownExploitedDays, o.CriticalDays, o.HighDays, o.MediumDays, o.LowDays, o.UnknownDays }.All(d => d is > 0 and <= 3650), "RemediationDue days must be from 1 to 3650")
            .ValidateOnStart();
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
