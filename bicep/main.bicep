// IoMT Advisory Tracker: everything the app needs in one resource group, identity-based, in one deployment.
//   azd up                                   (bicep/main.parameters.json is azd's only: its placeholders are filled from the azd environment)
//   az group create -n <rg> -l <region>
//   az deployment group create -g <rg> -f bicep/main.bicep -p namePrefix=<prefix> emailSenderAddress=<address> \
//     smtpHost=<host> smtpUserName=<user> smtpPassword=<password> alertEmail=<address> [authClientId=<app id>]
// See docs/deploy-to-azure.md.

targetScope = 'resourceGroup'

import { csafSourceType, notificationTransportType } from 'modules/types.bicep'

@description('Short name put into every resource name (letters and digits, 2-10 characters), e.g. the azd environment name.')
@minLength(2)
@maxLength(10)
param namePrefix string

@description('Azure region of the resources (Flex Consumption must be offered there).')
param location string = resourceGroup().location

@description('Sender address of the notification emails (must be allowed by the SMTP service).')
param emailSenderAddress string

@description('Sender display name of the notification emails.')
param emailSenderName string = 'IoMT Advisory Tracker'

@description('SMTP server host, e.g. smtp.azurecomm.net (Azure Communication Services) or smtp.sendgrid.net.')
param smtpHost string

@description('SMTP port: 587 with StartTls, 465 with SslOnConnect.')
param smtpPort int = 587

@description('Transport security of the SMTP connection. Plain text is not offered in Azure.')
@allowed([
  'StartTls'
  'SslOnConnect'
])
param smtpSecurity string = 'StartTls'

@description('SMTP user name (Azure Communication Services: <resource>|<app id>|<tenant id>; SendGrid: apikey).')
param smtpUserName string

@description('SMTP password, stored only in Key Vault and read by the app through a Key Vault reference.')
@secure()
param smtpPassword string

@description('HMAC-SHA256 key of the one-click action links in emails (at least 32 characters), stored only in Key Vault.')
@secure()
@minLength(32)
param actionLinkKey string

@description('Days a one-click action link in an email stays valid.')
@minValue(1)
@maxValue(365)
param actionLinkDays int = 30

@description('Base URL of the web console for "Open in the console" links in emails; empty: the app\'s own host.')
param consoleBaseUrl string = ''

@description('Email address that receives operations alerts (dead-lettered notifications, failing functions).')
param alertEmail string

@description('Queue transport of notifications. ServiceBus (default) has duplicate detection and dead-lettering; StorageQueue needs no Service Bus namespace.')
param notificationTransport notificationTransportType = 'ServiceBus'

@description('Service Bus tier (Standard is the cheapest with duplicate detection).')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string = 'Standard'

@description('Duplicate detection window of the notifications queue (ISO 8601, at most P7D).')
param duplicateDetectionWindow string = 'PT1H'

@description('Deliveries of a notification before it is dead-lettered.')
@minValue(1)
@maxValue(100)
param maxDeliveryCount int = 10

@description('Peek-lock duration of the notifications queue (ISO 8601, at most PT5M).')
param lockDuration string = 'PT2M'

@description('Time to live of a notification before it is dead-lettered (ISO 8601).')
param notificationTimeToLive string = 'P7D'

@description('NCRONTAB schedule (six fields, UTC) of the source sync: every configured source whose own MinimumInterval has passed is synced.')
param sourceSyncSchedule string = '0 */5 * * * *'

@description('NCRONTAB schedule (six fields, UTC) of the outbox relay.')
param outboxRelaySchedule string = '0 * * * * *'

@description('NCRONTAB schedule (six fields, UTC) of the outbox safety sweep: the one read of the whole outbox key range, hourly.')
param outboxSweepSchedule string = '0 17 * * * *'

@description('NCRONTAB schedule (six fields, UTC) of the notification drain.')
param notificationDrainSchedule string = '0 * * * * *'

@description('NCRONTAB schedule (six fields, UTC) of the device backfill: new or changed devices matched against stored advisories.')
param deviceBackfillSchedule string = '30 * * * * *'

@description('NCRONTAB schedule (six fields, UTC) of the daily notification digest (one email per recipient and day).')
param digestSchedule string = '0 0 7 * * *'

@description('NCRONTAB schedule (six fields, UTC) of the escalation of critical matches still open.')
param escalationSchedule string = '0 0 * * * *'

@description('How long a critical match may stay open before the department admin is emailed (d.hh:mm:ss).')
param escalationOpenAfter string = '3.00:00:00'

@description('Escalation admin email for departments without an Escalation__DepartmentAdmins__<Department> setting.')
param escalationDefaultAdmin string = ''

@description('Folder (on the app\'s file system) with the hospital\'s own email templates; empty: the built-in ones.')
param notificationTemplateFolder string = ''

@description('A source without a successful sync for longer than this is reported stale (d.hh:mm:ss).')
param sourcesStaleAfter string = '2.00:00:00'

@description('Read the FDA MedWatch and recalls feeds for device safety communications and recalls.')
param fdaSafetyCommunicationsEnabled bool = true

@description('Query openFDA device recalls and enforcement reports.')
param openFdaEnabled bool = true

@description('Optional openFDA API key, stored only in Key Vault (secret openfda-api-key) and read by the app through a Key Vault reference; empty: no key (lower rate limit).')
@secure()
param openFdaApiKey string = ''

@description('Refresh the CISA Known Exploited Vulnerabilities catalogue ("exploited in the wild" in emails).')
param kevEnabled bool = true

@description('Read CISA ICS medical advisory web pages (in addition to CISA CSAF).')
param cisaAdvisoryPagesEnabled bool = false

@description('Refresh FIRST EPSS scores (large daily file; optional).')
param epssEnabled bool = false

@description('CSAF sources of the app (CsafSources__<index>__Name/Kind/Location).')
param csafSources csafSourceType[] = []

@description('.NET version of the isolated worker; the functions project targets net10.0.')
@allowed([
  '10.0'
])
param dotnetVersion string = '10.0'

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of one instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Days to keep logs in the Log Analytics workspace.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 90

@description('Tags applied to every resource (azd adds azd-env-name through main.parameters.json).')
param tags object = {}

@description('Application (client) id of the Entra ID app registration of the API (app roles Advisory.Admin and Advisory.Reader). Set: App Service Authentication is on and the API requires those roles (Api__RequireRoles). Empty: no App Service Authentication; function keys only.')
param authClientId string = ''

@description('App settings the operators own (e.g. Escalation__DepartmentAdmins__<Department>, changed schedules), merged over the template\'s settings on every deployment; settings changed only in the portal are replaced by the next deployment.')
param extraAppSettings object = {}

var token = uniqueString(resourceGroup().id)
var compactPrefix = toLower(replace(namePrefix, '-', ''))
var useServiceBus = notificationTransport == 'ServiceBus'
var notificationsQueueName = 'notifications'
var smtpPasswordSecretName = 'smtp-password'
var openFdaApiKeySecretName = empty(openFdaApiKey) ? '' : 'openfda-api-key'
var actionLinkKeySecretName = 'action-link-key'
var allTags = union(tags, { application: 'iomt-advisory-tracker' })

var names = {
  workspace: 'log-${namePrefix}-${token}'
  appInsights: 'appi-${namePrefix}-${token}'
  storage: take('st${compactPrefix}${token}', 24)
  serviceBus: 'sb-${namePrefix}-${token}'
  keyVault: take('kv-${namePrefix}-${token}', 24)
  plan: 'plan-${namePrefix}-${token}'
  functionApp: 'func-${namePrefix}-${token}'
  actionGroup: 'ag-${namePrefix}-${token}'
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: allTags
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    retentionInDays: logRetentionInDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: allTags
    storageAccountName: names.storage
    deploymentContainerName: 'deployment-package'
    archiveContainerName: 'advisory-archive'
    notificationsQueueName: notificationsQueueName
    createNotificationsQueue: !useServiceBus
    workspaceId: monitoring.outputs.workspaceId
  }
}

module serviceBus 'modules/servicebus.bicep' = if (useServiceBus) {
  name: 'servicebus'
  params: {
    location: location
    tags: allTags
    namespaceName: names.serviceBus
    skuName: serviceBusSku
    queueName: notificationsQueueName
    duplicateDetectionWindow: duplicateDetectionWindow
    maxDeliveryCount: maxDeliveryCount
    lockDuration: lockDuration
    messageTimeToLive: notificationTimeToLive
    workspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    tags: allTags
    vaultName: names.keyVault
    smtpPasswordSecretName: smtpPasswordSecretName
    smtpPassword: smtpPassword
    openFdaApiKeySecretName: openFdaApiKeySecretName
    openFdaApiKey: openFdaApiKey
    actionLinkKeySecretName: actionLinkKeySecretName
    actionLinkKey: actionLinkKey
    workspaceId: monitoring.outputs.workspaceId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    tags: allTags
    planName: names.plan
    functionAppName: names.functionApp
    azdServiceName: 'api'
    dotnetVersion: dotnetVersion
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    workspaceId: monitoring.outputs.workspaceId
    authClientId: authClientId
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    // The identity exists only once the site is created, so its object id is a runtime value by nature; What-If
    // shows these role assignments as "may change" and that is the only precision lost.
    #disable-next-line what-if-short-circuiting
    principalId: functionApp.outputs.principalId
    storageAccountName: names.storage
    serviceBusNamespaceName: useServiceBus ? names.serviceBus : ''
    serviceBusQueueName: notificationsQueueName
    keyVaultName: names.keyVault
    smtpPasswordSecretName: smtpPasswordSecretName
    openFdaApiKeySecretName: openFdaApiKeySecretName
    actionLinkKeySecretName: actionLinkKeySecretName
    appInsightsName: names.appInsights
  }
  // The names above are plain strings (known before deployment, so What-If stays precise): these dependencies make ARM
  // create the queue and the vault with its secrets before any role assignment scoped to them. The storage account and
  // Application Insights come first already, through functionApp (its parameters are their outputs).
  dependsOn: [
    serviceBus
    keyVault
  ]
}

// After the roles: App Service resolves the Key Vault reference when the settings are applied.
module appSettings 'modules/appsettings.bicep' = {
  name: 'appsettings'
  params: {
    functionAppName: names.functionApp
    defaultHostName: functionApp.outputs.defaultHostName
    storageAccountName: names.storage
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    notificationTransport: notificationTransport
    notificationsQueueName: notificationsQueueName
    serviceBusFullyQualifiedNamespace: serviceBus.?outputs.fullyQualifiedNamespace ?? ''
    keyVaultName: keyVault.outputs.vaultName
    smtpPasswordSecretName: smtpPasswordSecretName
    actionLinkKeySecretName: actionLinkKeySecretName
    actionLinkDays: actionLinkDays
    consoleBaseUrl: consoleBaseUrl
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpSecurity: smtpSecurity
    smtpUserName: smtpUserName
    emailSenderAddress: emailSenderAddress
    emailSenderName: emailSenderName
    sourceSyncSchedule: sourceSyncSchedule
    outboxRelaySchedule: outboxRelaySchedule
    outboxSweepSchedule: outboxSweepSchedule
    notificationDrainSchedule: notificationDrainSchedule
    deviceBackfillSchedule: deviceBackfillSchedule
    digestSchedule: digestSchedule
    escalationSchedule: escalationSchedule
    escalationOpenAfter: escalationOpenAfter
    escalationDefaultAdmin: escalationDefaultAdmin
    notificationTemplateFolder: notificationTemplateFolder
    csafSources: csafSources
    sourcesStaleAfter: sourcesStaleAfter
    fdaSafetyCommunicationsEnabled: fdaSafetyCommunicationsEnabled
    openFdaEnabled: openFdaEnabled
    openFdaApiKeySecretName: openFdaApiKeySecretName
    kevEnabled: kevEnabled
    cisaAdvisoryPagesEnabled: cisaAdvisoryPagesEnabled
    epssEnabled: epssEnabled
    appServiceAuthentication: !empty(authClientId)
    extraAppSettings: extraAppSettings
  }
  dependsOn: [
    roles
  ]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    tags: allTags
    actionGroupName: names.actionGroup
    alertEmail: alertEmail
    serviceBusNamespaceName: useServiceBus ? names.serviceBus : ''
    serviceBusQueueName: notificationsQueueName
    appInsightsName: names.appInsights
  }
  dependsOn: [
    serviceBus
    monitoring
  ]
}

@description('Resource group of the deployment (azd).')
output AZURE_RESOURCE_GROUP string = resourceGroup().name

@description('Function App name (azd deploys the package to it).')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.functionAppName

@description('Base URL of the admin HTTP API.')
output SERVICE_API_URI string = 'https://${functionApp.outputs.defaultHostName}'

@description('Storage account of the app.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.storageAccountName

@description('Service Bus host name; empty with the Storage Queue transport.')
output SERVICE_BUS_NAMESPACE string = serviceBus.?outputs.fullyQualifiedNamespace ?? ''

@description('Key Vault that holds the SMTP password.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.vaultName

@description('Application Insights component name.')
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.appInsightsName
