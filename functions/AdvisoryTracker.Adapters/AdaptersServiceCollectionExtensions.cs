using AdvisoryTracker.Adapters.Blobs;
using AdvisoryTracker.Adapters.Configuration;
using AdvisoryTracker.Adapters.Email;
using AdvisoryTracker.Adapters.Http;
using AdvisoryTracker.Adapters.Queues;
using AdvisoryTracker.Adapters.Sources;
using AdvisoryTracker.Adapters.Sources.Csaf;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Ingestion;
using AdvisoryTracker.Domain.Kev;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Domain.Tracking;
using AdvisoryTracker.Domain.Triage;
using AdvisoryTracker.Domain.Vendors;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Adapters;

public static class AdaptersServiceCollectionExtensions
{
    /// <summary>
    /// Storage (tables, blobs, queues), the notifications queue selected by <c>Notifications:Transport</c>, SMTP, the
    /// source HTTP client, and the options the domain services read.
    /// </summary>
    public static IServiceCollection AddAdvisoryTrackerAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TrackerStorageOptions, TrackerStorageOptionsValidator>(TrackerStorageOptions.SectionName);
        services.AddValidatedOptions<NotificationQueueOptions, NotificationQueueOptionsValidator>(NotificationQueueOptions.SectionName);
        services.AddValidatedOptions<SmtpOptions, SmtpOptionsValidator>(SmtpOptions.SectionName);
        services.AddValidatedOptions<NotificationDispatchOptions, NotificationDispatchOptionsValidator>(NotificationDispatchOptions.SectionName);
        services.AddValidatedOptions<NotificationEmailOptions, NotificationEmailOptionsValidator>(NotificationEmailOptions.SectionName);
        services.AddValidatedOptions<NotificationTemplateOptions, NotificationTemplateOptionsValidator>(NotificationTemplateOptions.SectionName);
        services.AddValidatedOptions<ActionLinkOptions, ActionLinkOptionsValidator>(ActionLinkOptions.SectionName);
        services.AddValidatedOptions<EscalationOptions, EscalationOptionsValidator>(EscalationOptions.SectionName);
        services.AddValidatedOptions<DeviceValidationOptions, DeviceValidationOptionsValidator>(DeviceValidationOptions.SectionName);

        services.AddSingleton(sp => TrackerStorage.FromConfiguration(configuration, sp.GetRequiredService<IOptions<TrackerStorageOptions>>()));
        services.AddSingleton<TableAdvisoryStore>();
        services.AddSingleton<IAdvisoryStore>(sp => sp.GetRequiredService<TableAdvisoryStore>());
        services.AddSingleton<IAdvisoryExploitationMarks>(sp => sp.GetRequiredService<TableAdvisoryStore>());
        services.AddSingleton<KnownExploitedEventService>();
        services.AddSingleton<IAdvisoryArchive, BlobAdvisoryArchive>();
        services.AddSingleton<TableDeviceRegistry>();
        services.AddSingleton<IDeviceRegistry>(sp => sp.GetRequiredService<TableDeviceRegistry>());
        services.AddSingleton<TableMatchStore>();
        services.AddSingleton<IMatchStore>(sp => sp.GetRequiredService<TableMatchStore>());
        services.AddSingleton<INotificationOutbox, TableNotificationOutbox>();
        services.AddSingleton<INotificationLedger, TableNotificationLedger>();
        services.AddSingleton<IRecipientPreferencesStore, TableRecipientPreferences>();
        services.AddSingleton<INotificationDigestStore, TableNotificationDigests>();
        services.AddSingleton<IOpenMatchQuery, TableOpenMatchQuery>();
        services.AddSingleton<IRejectionLog, TableRejectionLog>();
        services.AddSingleton<IStorageFaults>(AzureStorageFaults.Instance);
        services.AddSingleton<IDeviceBackfillQueue, StorageQueueDeviceBackfillQueue>();
        services.AddSingleton<IEmailSender, MailKitEmailSender>();

        var transport = configuration.GetSection(NotificationQueueOptions.SectionName).GetValue<NotificationTransport?>(nameof(NotificationQueueOptions.Transport))
            ?? NotificationTransport.StorageQueue;
        if (transport == NotificationTransport.ServiceBus)
        {
            services.AddSingleton(_ => CreateServiceBusClient(configuration));
            services.AddSingleton<INotificationQueue, ServiceBusNotificationQueue>();
            services.AddSingleton<INotificationDeadLetters, ServiceBusNotificationDeadLetters>();
        }
        else
        {
            services.AddSingleton<INotificationQueue, StorageQueueNotificationQueue>();
            services.AddSingleton<INotificationDeadLetters, StorageQueueNotificationDeadLetters>();
        }

        services.AddSingleton<ISourceStateStore>(sp =>
            new TableSourceStateStore(sp.GetRequiredService<TrackerStorage>().TableClient(TrackerStorage.SourceState)));
        services.AddSourceHttpClient();
        services.AddCsafSources(configuration);
        services.TryAddSingleton<IKnownExploitedStore>(sp =>
        {
            var storage = sp.GetRequiredService<TrackerStorage>();
            return new TableKnownExploitedStore(storage.TableService, storage.Prefixed(TableKnownExploitedStore.DefaultTableName));
        });
        services.AddSingleton<IKnownExploitedCatalog, StoredKnownExploitedCatalog>();
        services.AddBeyondCsafSources(configuration);
        services.AddValidatedOptions<VendorCatalogueOptions, VendorCatalogueOptionsValidator>(VendorCatalogueOptions.SectionName);

        // Triage decisions and the installation's own vendor aliases (admin API); the matcher merges those aliases
        // into the catalogue each time it builds an index, so they apply without a deploy.
        services.AddSingleton<ITriageStore, TableTriageStore>();
        services.AddSingleton<TableVendorAliasStore>();
        services.AddSingleton<IInstallationVendorAliasStore>(sp => sp.GetRequiredService<TableVendorAliasStore>());
        services.AddSingleton(sp => new InstallationVendorCatalogue(
            VendorCatalogue.Default.WithExtraAliases(sp.GetService<IOptions<VendorCatalogueOptions>>()?.Value ?? new VendorCatalogueOptions()),
            sp.GetRequiredService<IInstallationVendorAliasStore>()));
        services.Replace(ServiceDescriptor.Singleton<IAdvisoryMatcher>(sp =>
            new InstallationAliasMatcher(sp.GetRequiredService<InstallationVendorCatalogue>(), catalogue => new AdvisoryMatcher(catalogue))));
        return services;
    }

    /// <summary>
    /// <c>ServiceBusConnection</c>: a connection string (local emulator or test broker), or
    /// <c>ServiceBusConnection__fullyQualifiedNamespace</c> with the app's identity in Azure.
    /// </summary>
    public static ServiceBusClient CreateServiceBusClient(IConfiguration configuration)
    {
        var connectionString = configuration["ServiceBusConnection"];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new ServiceBusClient(connectionString);
        }

        var fullyQualifiedNamespace = configuration["ServiceBusConnection:fullyQualifiedNamespace"];
        if (string.IsNullOrWhiteSpace(fullyQualifiedNamespace))
        {
            throw new InvalidOperationException(
                "Notifications:Transport is ServiceBus but neither ServiceBusConnection nor ServiceBusConnection__fullyQualifiedNamespace is set.");
        }

        return new ServiceBusClient(fullyQualifiedNamespace, new DefaultAzureCredential());
    }
}
