// Function App on the Flex Consumption plan (Linux, dotnet-isolated), system-assigned identity, identity-based
// connections only. App settings use exactly the names of local.settings.sample.json (checked by
// tests/AdvisoryTracker.Deployment.Tests); FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are not app
// settings on Flex Consumption: functionAppConfig.runtime carries them.

import { csafSourceType, notificationTransportType } from 'types.bicep'

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource except the site, which also carries the azd service tag.')
param tags object

@description('Flex Consumption plan name.')
param planName string

@description('Function App name (also the first label of its default host name).')
param functionAppName string

@description('Service name in azure.yaml; azd finds the site by the azd-service-name tag.')
param azdServiceName string

@description('.NET version of the isolated worker.')
param dotnetVersion string

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of one instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Storage account of the host, the tables, the archive and (Storage Queue transport) the notifications queue.')
param storageAccountName string

@description('Blob endpoint of the storage account.')
param blobEndpoint string

@description('Blob container that Flex Consumption deploys the package from.')
param deploymentContainerName string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Resource id of the Log Analytics workspace that receives diagnostics.')
param workspaceId string

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

@description('NCRONTAB schedule of the CISA CSAF ingest.')
param cisaCsafSchedule string

@description('NCRONTAB schedule of the outbox relay.')
param outboxRelaySchedule string

@description('NCRONTAB schedule of the notification drain.')
param notificationDrainSchedule string

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
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  Smtp__Host: smtpHost
  Smtp__Port: string(smtpPort)
  Smtp__Security: smtpSecurity
  Smtp__UserName: smtpUserName
  Smtp__Password: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${smtpPasswordSecretName})'
  Smtp__FromAddress: emailSenderAddress
  Smtp__FromName: emailSenderName
  App__PublicBaseUrl: 'https://${functionAppName}.azurewebsites.net'
  CisaCsafSchedule: cisaCsafSchedule
  OutboxRelaySchedule: outboxRelaySchedule
  NotificationDrainSchedule: notificationDrainSchedule
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

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    // Needed: the admin HTTP API is called from outside (see docs/deploy-to-azure.md, "Network exposure").
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      remoteDebuggingEnabled: false
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(fixedAppSettings, csafSourceSettings)
}

// Basic (user name and password) publishing is off for FTP and for the SCM site: deployments use Entra ID.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

@description('Function App name.')
output functionAppName string = site.name

@description('Object id of the app\'s system-assigned identity.')
output principalId string = site.identity.principalId

@description('Default host name of the app.')
output defaultHostName string = site.properties.defaultHostName
