// App settings of the Function App, with exactly the names of local.settings.sample.json in identity-based form
// (tests/AdvisoryTracker.Deployment.Tests compares both lists), plus the operators' extraAppSettings. This resource
// replaces the whole set on every deployment: a setting changed only in the portal is lost, so operator-owned values
// belong in extraAppSettings (docs/deploy-to-azure.md, "Operator-owned settings"). Deployed after roles.bicep: App Service resolves the
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

@description('Name of the Key Vault secret that holds the one-click action link key.')
param actionLinkKeySecretName string

@description('Days a one-click action link stays valid.')
param actionLinkDays int

@description('Base URL of the web console; empty: the app\'s own host.')
param consoleBaseUrl string

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

@description('NCRONTAB schedule of the outbox safety sweep.')
param outboxSweepSchedule string

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

@description('A source without a successful sync for longer than this is reported stale (d.hh:mm:ss).')
param sourcesStaleAfter string

@description('Read the FDA MedWatch and recalls feeds for device safety communications and recalls.')
param fdaSafetyCommunicationsEnabled bool

@description('Query openFDA device recalls and enforcement reports.')
param openFdaEnabled bool

@description('Name of the Key Vault secret with the openFDA API key; empty: no key (lower rate limit).')
param openFdaApiKeySecretName string

@description('Refresh the CISA Known Exploited Vulnerabilities catalogue.')
param kevEnabled bool

@description('Read CISA ICS medical advisory web pages (in addition to CISA CSAF).')
param cisaAdvisoryPagesEnabled bool

@description('Refresh FIRST EPSS scores (large daily file; optional).')
param epssEnabled bool

@description('App Service Authentication (Entra ID) is on: the API requires the app roles of the caller\'s principal.')
param appServiceAuthentication bool

@description('App settings the operators own, merged last (they win over the template\'s values).')
param extraAppSettings object

// Settings with fixed names, in the order of local.settings.sample.json.
var fixedAppSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  // Azure only: Application Insights has local auth off, so telemetry is sent with the app's Entra ID token.
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
  Notifications__Transport: notificationTransport
  Notifications__QueueName: notificationsQueueName
  Notifications__TemplateFolder: notificationTemplateFolder
  Notifications__ActionLinkKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${actionLinkKeySecretName})'
  Notifications__ActionLinkDays: string(actionLinkDays)
  Notifications__ConsoleBaseUrl: consoleBaseUrl
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  Smtp__Host: smtpHost
  Smtp__Port: string(smtpPort)
  Smtp__Security: smtpSecurity
  Smtp__UserName: smtpUserName
  Smtp__Password: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${smtpPasswordSecretName})'
  Smtp__FromAddress: emailSenderAddress
  Smtp__FromName: emailSenderName
  App__PublicBaseUrl: 'https://${defaultHostName}'
  // Trust X-MS-CLIENT-PRINCIPAL roles only where the platform sets that header (App Service Authentication on).
  Api__RequireRoles: string(appServiceAuthentication)
  SourceSyncSchedule: sourceSyncSchedule
  OutboxRelaySchedule: outboxRelaySchedule
  OutboxSweepSchedule: outboxSweepSchedule
  NotificationDrainSchedule: notificationDrainSchedule
  DeviceBackfillSchedule: deviceBackfillSchedule
  DigestSchedule: digestSchedule
  EscalationSchedule: escalationSchedule
  Escalation__OpenAfter: escalationOpenAfter
  Escalation__DefaultAdmin: escalationDefaultAdmin
  Sources__StaleAfter: sourcesStaleAfter
  FdaSafetyCommunications__Enabled: string(fdaSafetyCommunicationsEnabled)
  FdaSafetyCommunications__Feeds__0__Name: 'fda-medwatch'
  FdaSafetyCommunications__Feeds__0__Url: 'https://www.fda.gov/about-fda/contact-fda/stay-informed/rss-feeds/medwatch/rss.xml'
  FdaSafetyCommunications__Feeds__1__Name: 'fda-recalls'
  FdaSafetyCommunications__Feeds__1__Url: 'https://www.fda.gov/about-fda/contact-fda/stay-informed/rss-feeds/recalls/rss.xml'
  FdaSafetyCommunications__MaxItemsPerRun: '40'
  FdaSafetyCommunications__IncludeDeviceRecalls: 'true'
  OpenFda__Enabled: string(openFdaEnabled)
  OpenFda__ApiKey: empty(openFdaApiKeySecretName)
    ? ''
    : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${openFdaApiKeySecretName})'
  OpenFda__Recalls: 'true'
  OpenFda__Enforcement: 'true'
  OpenFda__InitialLookbackDays: '30'
  OpenFda__OverlapDays: '14'
  OpenFda__PageSize: '100'
  OpenFda__PauseBetweenPages: '00:00:01.500'
  HtmlBulletins__0__Preset: 'cisa-advisory'
  HtmlBulletins__0__Name: 'cisa-ics-medical-advisories'
  HtmlBulletins__0__Enabled: string(cisaAdvisoryPagesEnabled)
  HtmlBulletins__0__ListingUrl: 'https://www.cisa.gov/news-events/ics-medical-advisories'
  Kev__Enabled: string(kevEnabled)
  Kev__Url: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json'
  Epss__Enabled: string(epssEnabled)
  // Tuning settings at their defaults (listed so the sample, the docs and Azure name the same settings).
  Api__MaxBodyBytes: '262144'
  Api__RequestTimeout: '00:00:30'
  Sources__PerSourceBudget: '00:02:00'
  Sources__BudgetGrace: '00:00:05'
  // The console signs in through App Service Authentication in Azure (authClientId); the session key only signs the
  // local key sign-in, which a deployment without authentication falls back to (empty: a random key per instance).
  Console__SessionKey: ''
  Console__SessionLifetime: '08:00:00'
  RemediationDue__KnownExploitedDays: '14'
  RemediationDue__CriticalDays: '15'
  RemediationDue__HighDays: '30'
  RemediationDue__MediumDays: '90'
  RemediationDue__LowDays: '180'
  RemediationDue__UnknownDays: '90'
  Api__MaxImportBytes: '8388608'
  Registry__MaxContacts: '10'
  Notifications__MaxDeliveryCount: '10'
  Notifications__VisibilityTimeout: '00:01:00'
  NotificationDrain__BatchSize: '20'
  NotificationDrain__ReceiveWait: '00:00:02'
  NotificationDrain__TimeBudget: '00:00:45'
  Smtp__Timeout: '00:00:30'
  Smtp__IdleCheckAfter: '00:00:10'
  Csaf__MaxDocumentBytes: '10485760'
  Csaf__MaxDepth: '64'
  Sources__HealthHeartbeat: '01:00:00'
  SourceHttp__AllowLoopback: 'false'
  SourceHttp__MaxResponseBytes: '20971520'
  SourceHttp__AttemptTimeout: '00:00:30'
  SourceHttp__TotalTimeout: '00:02:00'
  SourceHttp__MaxRetryAttempts: '3'
  SourceHttp__RetryDelay: '00:00:02'
  SourceHttp__MaxRedirects: '3'
  SourceHttp__UserAgent: 'IoMT-Advisory-Tracker/1.0 (+https://github.com/)'
  FdaSafetyCommunications__MaxFeedBytes: '5242880'
  FdaSafetyCommunications__MaxPageBytes: '5242880'
  OpenFda__BaseUrl: 'https://api.fda.gov/'
  OpenFda__Interval: '01:00:00'
  OpenFda__MaxPagesPerRun: '50'
  OpenFda__MaxResponseBytes: '20971520'
  Kev__Interval: '1.00:00:00'
  Kev__MaxBytes: '20971520'
  Epss__Url: 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz'
  Epss__Interval: '1.00:00:00'
  Epss__MaxBytes: '31457280'
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
      'CsafSources__${index}__MinimumInterval': csafSources[index].?minimumInterval ?? '00:15:00'
      'CsafSources__${index}__RequireSignatures': string(csafSources[index].?requireSignatures ?? true)
    })
)

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  // Operator-owned settings last: they win, and they survive every redeployment because they are part of it.
  properties: union(fixedAppSettings, csafSourceSettings, extraAppSettings)
}
