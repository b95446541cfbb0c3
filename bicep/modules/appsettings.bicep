// App settings of the Function App, with exactly the names of local.settings.sample.json in identity-based form
// (tests/AdvisoryTracker.Deployment.Tests compares both lists). Deployed after roles.bicep: App Service resolves the
// Smtp__Password Key Vault reference when settings change, and the identity must already hold Key Vault Secrets User.

import { csafSourceType, notificationTransportType } from 'types.bicep'

@description('Function App name.')
param functionAppName string

@description('Default host name of the app (App__PublicBaseUrl).')
param defaultHostName string

@description('Storage account of the host, the tables, the archive and (Storage Queue transport) the notifications queue.')
param storageAccountName string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Queue transport of notifications.')
param notificationTransport notificationTransportType

@description('Notifications queue name (Service Bus queue or Storage queue).')
param notificationsQueueName string

@description('Service Bus host name; empty when the Storage Queue transport is chosen.')
param serviceBusFullyQualifiedNamespace string

@description('Key Vault that holds the SMTP password.')
param keyVaultName string

@description('Name of the SMTP password secret.')
param smtpPasswordSecretName string

@description('SMTP server host name.')
param smtpHost string

@description('SMTP server port.')
param smtpPort int

@description('Transport security of the SMTP connection.')
@allowed([
  'StartTls'
  'SslOnConnect'
])
param smtpSecurity string

@description('SMTP user name.')
param smtpUserName string

@description('Sender address of the notification emails.')
param emailSenderAddress string

@description('Sender display name of the notification emails.')
param emailSenderName string

@description('NCRONTAB schedule of the source sync.')
param sourceSyncSchedule string

@description('NCRONTAB schedule of the outbox relay.')
param outboxRelaySchedule string

@description('NCRONTAB schedule of the notification drain.')
param notificationDrainSchedule string

@description('NCRONTAB schedule of the device backfill (matching new devices against stored advisories).')
param deviceBackfillSchedule string

@description('NCRONTAB schedule of the daily notification digest.')
param digestSchedule string

@description('NCRONTAB schedule of the escalation of open critical matches.')
param escalationSchedule string

@description('How long a critical match may stay open before the department admin is told (d.hh:mm:ss).')
param escalationOpenAfter string

@description('Escalation admin for departments without their own Escalation__DepartmentAdmins__<Department> setting.')
param escalationDefaultAdmin string

@description('Folder with the hospital\'s own email templates (empty: the built-in ones).')
param notificationTemplateFolder string

@description('CSAF sources of the app.')
param csafSources csafSourceType[]

// Settings with fixed names, in the order of local.settings.sample.json.
var fixedAppSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  // Azure only: Application Insights has local auth off, so telemetry is sent with the app's Entra ID token.
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
  Notifications__Transport: notificationTransport
  Notifications__QueueName: notificationsQueueName
  Notifications__TemplateFolder: notificationTemplateFolder
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  Smtp__Host: smtpHost
  Smtp__Port: string(smtpPort)
  Smtp__Security: smtpSecurity
  Smtp__UserName: smtpUserName
  Smtp__Password: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${smtpPasswordSecretName})'
  Smtp__FromAddress: emailSenderAddress
  Smtp__FromName: emailSenderName
  App__PublicBaseUrl: 'https://${defaultHostName}'
  SourceSyncSchedule: sourceSyncSchedule
  OutboxRelaySchedule: outboxRelaySchedule
  NotificationDrainSchedule: notificationDrainSchedule
  DeviceBackfillSchedule: deviceBackfillSchedule
  DigestSchedule: digestSchedule
  EscalationSchedule: escalationSchedule
  Escalation__OpenAfter: escalationOpenAfter
  Escalation__DefaultAdmin: escalationDefaultAdmin
}

// CsafSources__<index>__Name / __Kind / __Location, one group per source.
var csafSourceSettings = reduce(
  range(0, length(csafSources)),
  {},
  (settings, index) =>
    union(settings, {
      'CsafSources__${index}__Name': csafSources[index].name
      'CsafSources__${index}__Kind': csafSources[index].kind
      'CsafSources__${index}__Location': csafSources[index].location
    })
)

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(fixedAppSettings, csafSourceSettings)
}
