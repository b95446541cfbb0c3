using AdvisoryTracker.Api.Devices;
using AdvisoryTracker.Api.Security;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryTracker.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The admin API's endpoints; <paramref name="functionKey"/> is checked here only where no Functions host checks it (the local runner).</summary>
    public static IServiceCollection AddAdminApi(this IServiceCollection services, string? functionKey)
    {
        services.AddOptions<ApiSecurityOptions>().BindConfiguration(ApiSecurityOptions.SectionName);
        services.AddSingleton(sp => new ApiAuthorizer(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiSecurityOptions>>(), functionKey));
        services.AddSingleton<DeviceEndpoints>();
        return services;
    }
}
