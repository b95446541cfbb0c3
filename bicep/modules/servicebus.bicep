// Service Bus namespace (Standard or Premium, Entra ID only) with the notifications queue.

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Service Bus namespace name.')
param namespaceName string

@description('Service Bus tier. Standard is the cheapest tier with duplicate detection.')
@allowed([
  'Standard'
  'Premium'
])
param skuName string

@description('Notifications queue name.')
param queueName string

@description('Duplicate detection window (ISO 8601 duration, at most 7 days): a second message with the same MessageId inside it is dropped.')
param duplicateDetectionWindow string

@description('Deliveries before a message goes to the dead-letter queue.')
@minValue(1)
@maxValue(100)
param maxDeliveryCount int

@description('Peek-lock duration (ISO 8601 duration, at most PT5M). The notification drain finishes a message well inside it.')
param lockDuration string

@description('Time to live of a message (ISO 8601 duration); an expired message is dead-lettered, never silently dropped.')
param messageTimeToLive string

@description('Resource id of the Log Analytics workspace that receives diagnostics.')
param workspaceId string

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    // Needed: a Flex Consumption app without virtual network integration reaches Service Bus over the public endpoint
    // (see docs/deploy-to-azure.md, "Network exposure").
    publicNetworkAccess: 'Enabled'
  }
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2022-10-01-preview' = {
  parent: namespace
  name: queueName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    maxDeliveryCount: maxDeliveryCount
    lockDuration: lockDuration
    defaultMessageTimeToLive: messageTimeToLive
    deadLetteringOnMessageExpiration: true
    requiresSession: false
    enablePartitioning: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: namespace
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
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

@description('Namespace name.')
output namespaceName string = namespace.name

@description('Queue name.')
output queueName string = queue.name

@description('Host name the app connects to with its identity (ServiceBusConnection__fullyQualifiedNamespace).')
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
