using AdvisoryTracker.Adapters.Configuration;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Api.Advisories;
using AdvisoryTracker.Api.Console;
using AdvisoryTracker.Api.Devices;
using AdvisoryTracker.Api.Operations;
using AdvisoryTracker.Api.Remediation;
using AdvisoryTracker.Api.Security;
using AdvisoryTracker.Api.Triage;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Remediation;
using AdvisoryTracker.Domain.Tracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdvisoryTracker.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// The admin API's endpoints and the storage views they need (registered after the adapters).
    /// <paramref name="functionKey"/> is checked here only where no Functions host checks it (the local runner).
    /// </summary>
    public static IServiceCollection AddAdminApi(this IServiceCollection services, string? functionKey)
    {
        services.AddValidatedOptions<ApiSecurityOptions, ApiSecurityOptionsValidator>(ApiSecurityOptions.SectionName)
            .Configure<Microsoft.Extensions.Configuration.IConfiguration>((o, configuration) => o.PlatformAuthenticationEnabled =
                string.Equals(configuration[ApiSecurityOptions.PlatformAuthenticationSetting]?.Trim(), "true", StringComparison.OrdinalIgnoreCase));
        services.AddSingleton<Http.ApiPipeline>();
        services.AddSingleton(sp => new ApiAuthorizer(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiSecurityOptions>>(), functionKey));
        services.TryAddSingleton<IDeviceRegistryAdmin>(sp => sp.GetRequiredService<TableDeviceRegistry>());
        services.TryAddSingleton<IAdvisoryCatalog>(sp => sp.GetRequiredService<TableAdvisoryStore>());
        services.TryAddSingleton<IRemediationStore>(sp => sp.GetRequiredService<TableMatchStore>());
        services.TryAddSingleton<DeviceAdministrationService>();
        services.AddSingleton<DeviceEndpoints>();
        services.AddSingleton<DeviceImportEndpoints>();
        services.AddSingleton<AdvisoryEndpoints>();
        services.AddSingleton<MatchEndpoints>();
        services.AddSingleton<OperationsEndpoints>();
        services.AddSingleton<TriageEndpoints>();
        services.AddSingleton<VendorAliasEndpoints>();
        services.AddSingleton<Actions.ActionEndpoints>();
        services.AddSingleton<TriageService>();
        services.AddAdminConsole(functionKey);
        return services;
    }
}
