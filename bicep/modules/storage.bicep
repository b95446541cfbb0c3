// Storage account of the app: Functions host (timer locks in blobs), Flex Consumption deployment package, the app's
// tables, the advisory archive (blobs) and, when the Storage Queue transport is chosen, the notifications queue.
// Identity only: shared-key access, and with it every account key and SAS, is off.

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Storage account name (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Blob container that Flex Consumption deploys the app package from.')
param deploymentContainerName string

@description('Blob container of the raw advisory archive.')
param archiveContainerName string

@description('Queue of notifications, created only when the Storage Queue transport is chosen.')
param notificationsQueueName string

@description('Create the notifications queue in this account (Storage Queue transport).')
param createNotificationsQueue bool

@description('Resource id of the Log Analytics workspace that receives diagnostics.')
param workspaceId string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    // No SFTP and no local users: nothing may sign in with a password or an SSH key.
    isSftpEnabled: false
    isLocalUserEnabled: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Needed: a Flex Consumption app without virtual network integration reaches its host storage over the public
    // endpoint (see docs/deploy-to-azure.md, "Network exposure").
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: {
          enabled: true
        }
        file: {
          enabled: true
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource archiveContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: archiveContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource notificationsQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = if (createNotificationsQueue) {
  parent: queueService
  name: notificationsQueueName
}

resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: queueService
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

@description('Storage account name.')
output storageAccountName string = storage.name

@description('Blob endpoint of the account.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Deployment package container name.')
output deploymentContainerName string = deploymentContainer.name

@description('Advisory archive container name.')
output archiveContainerName string = archiveContainer.name
