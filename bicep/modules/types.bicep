// Types shared by main.bicep and the modules.

@export()
@description('One CSAF source of the app (emitted as the CsafSources__<index>__* app settings).')
type csafSourceType = {
  @description('Unique name of the source, used in logs and in the SourceState table.')
  name: string

  @description('How the source is read: ProviderMetadata, Domain, RolieFeed, Directory or Folder.')
  kind: string

  @description('Where the source is: a URL for remote kinds, a path for Folder.')
  location: string

  @description('Least time between two syncs of this source (d.hh:mm:ss; default 00:15:00).')
  minimumInterval: string?

  @description('Refuse documents without a valid OpenPGP signature by a configured key (default true).')
  requireSignatures: bool?
}

@export()
@description('Queue transport of notifications: Service Bus (Azure default) or a Storage queue in the app\'s account.')
type notificationTransportType = 'ServiceBus' | 'StorageQueue'
