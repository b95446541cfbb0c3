// Types shared by main.bicep and the modules.

@export()
@description('One CSAF source of the app (emitted as the CsafSources__<index>__* app settings).')
type csafSourceType = {
  @description('Unique name of the source, used in logs and in the SourceState table.')
  name: string

  @description('How the source is read, as the app names it (for example Folder, ProviderMetadata, Rolie).')
  kind: string

  @description('Where the source is: a URL for remote kinds, a path for Folder.')
  location: string
}

@export()
@description('Queue transport of notifications: Service Bus (Azure default) or a Storage queue in the app\'s account.')
type notificationTransportType = 'ServiceBus' | 'StorageQueue'
