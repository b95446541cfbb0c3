using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Ingestion;
using AdvisoryTracker.Domain.Kev;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Domain.Tracking;
using AdvisoryTracker.Domain.Triage;
using AdvisoryTracker.Domain.Vendors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Domain;

public static class DomainServiceCollectionExtensions
{
    /// <summary>The domain services. Options are bound by the host (see the adapters' registration).</summary>
    public static IServiceCollection AddAdvisoryTrackerDomain(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAdvisoryMatcher>(sp => new AdvisoryMatcher(VendorCatalogue.Default.WithExtraAliases(sp.GetService<IOptions<VendorCatalogueOptions>>()?.Value ?? new VendorCatalogueOptions())));
        services.AddSingleton<TriageCarryOver>();
        services.AddSingleton<AdvisoryMatchingService>();
        services.AddSingleton<AdvisoryIngestor>();
        services.AddSingleton<IAdvisorySink>(sp => sp.GetRequiredService<AdvisoryIngestor>());
        services.AddSingleton<NotificationRelay>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddSingleton<NotificationEmailComposer>();
        services.AddSingleton<NotificationTemplates>();
        services.TryAddSingleton<ActionLinkSigner>();
        services.AddSingleton<RecipientPreferencesService>();
        services.AddSingleton<NotificationDigestService>();
        services.AddSingleton<EscalationService>();
        services.TryAddSingleton<IKnownExploitedCatalog, UnknownExploitationCatalog>();
        services.AddSingleton<DeviceValidator>();
        services.AddSingleton<DeviceRegistrationService>();
        services.AddSingleton<DeviceBackfillService>();
        return services;
    }
}
