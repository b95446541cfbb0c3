// Least-privilege role assignments of the app's system-assigned identity, each on the narrowest scope that works.
// Names are guid(scope, principal, role), so a redeployment finds the same assignment instead of failing.

@description('Object id of the app\'s system-assigned identity.')
param principalId string

@description('Storage account of the app.')
param storageAccountName string

@description('Service Bus namespace; empty when the Storage Queue transport is chosen.')
param serviceBusNamespaceName string

@description('Service Bus notifications queue name.')
param serviceBusQueueName string

@description('Key Vault that holds the SMTP password.')
param keyVaultName string

@description('Name of the SMTP password secret.')
param smtpPasswordSecretName string

@description('Name of the openFDA API key secret; empty when no key is stored.')
param openFdaApiKeySecretName string

@description('Name of the secret that holds the one-click action link key.')
param actionLinkKeySecretName string

@description('Application Insights component name.')
param appInsightsName string

var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

var useServiceBus = !empty(serviceBusNamespaceName)

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' existing = if (useServiceBus) {
  name: serviceBusNamespaceName

  resource queue 'queues' existing = {
    name: serviceBusQueueName
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName

  resource smtpPassword 'secrets' existing = {
    name: smtpPasswordSecretName
  }

  resource openFdaApiKey 'secrets' existing = if (!empty(openFdaApiKeySecretName)) {
    name: openFdaApiKeySecretName
  }

  resource actionLinkKey 'secrets' existing = {
    name: actionLinkKeySecretName
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// The Functions host: timer schedule status and singleton locks (blob leases in azure-webjobs-hosts), the Flex
// deployment package; the app: the advisory archive. Owner (not Contributor) because the host manages its containers.
resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, roleIds.storageBlobDataOwner)
  scope: storage
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataOwner)
    description: 'Functions host (timer locks, deployment package) and the advisory archive.'
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, roleIds.storageTableDataContributor)
  scope: storage
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.storageTableDataContributor
    )
    description: 'The app\'s tables (advisories, devices, matches, outbox, source state).'
  }
}

// Always: the device-backfill queue (registration and the end of every sync enqueue, the DeviceBackfill timer reads)
// lives in this account whatever the notification transport; with the Storage Queue transport, the notifications too.
resource queueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, roleIds.storageQueueDataContributor)
  scope: storage
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.storageQueueDataContributor
    )
    description: 'Device-backfill queue (always) and the notifications queue of the Storage Queue transport.'
  }
}

resource serviceBusDataSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (useServiceBus) {
  name: guid(serviceBus::queue.id, principalId, roleIds.serviceBusDataSender)
  scope: serviceBus::queue
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataSender)
    description: 'Outbox relay sends to the notifications queue.'
  }
}

resource serviceBusDataReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (useServiceBus) {
  name: guid(serviceBus::queue.id, principalId, roleIds.serviceBusDataReceiver)
  scope: serviceBus::queue
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataReceiver)
    description: 'Notification drain receives from the notifications queue and its dead-letter queue.'
  }
}

resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault::smtpPassword.id, principalId, roleIds.keyVaultSecretsUser)
  scope: vault::smtpPassword
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
    description: 'Key Vault reference of Smtp__Password (this one secret only).'
  }
}

resource keyVaultSecretsUserOpenFda 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(openFdaApiKeySecretName)) {
  name: guid(vault::openFdaApiKey.id, principalId, roleIds.keyVaultSecretsUser)
  scope: vault::openFdaApiKey
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
    description: 'Key Vault reference of OpenFda__ApiKey (this one secret only).'
  }
}

resource actionLinkKeySecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault::actionLinkKey.id, principalId, roleIds.keyVaultSecretsUser)
  scope: vault::actionLinkKey
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
    description: 'Key Vault reference of Notifications__ActionLinkKey (this one secret only).'
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, roleIds.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.monitoringMetricsPublisher
    )
    description: 'Telemetry to Application Insights with Entra ID (local auth is off).'
  }
}
