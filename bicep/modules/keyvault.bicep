// Key Vault in RBAC mode with purge protection, holding the SMTP password. The app reads it through a Key Vault
// reference with its managed identity (Key Vault Secrets User on this one secret, assigned in roles.bicep).

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Key Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Name of the secret that holds the SMTP password.')
param smtpPasswordSecretName string

@description('SMTP password (for Azure Communication Services: an Entra application client secret).')
@secure()
param smtpPassword string

@description('Name of the secret that holds the openFDA API key; empty: no key.')
param openFdaApiKeySecretName string

@description('openFDA API key (empty: none).')
@secure()
param openFdaApiKey string

@description('Name of the secret that holds the one-click action link key.')
param actionLinkKeySecretName string

@description('HMAC-SHA256 key of the one-click action links in emails.')
@secure()
param actionLinkKey string

@description('Resource id of the Log Analytics workspace that receives diagnostics.')
param workspaceId string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    // Needed: App Service resolves Key Vault references over the public endpoint when the app has no virtual network
    // integration (see docs/deploy-to-azure.md, "Network exposure").
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource smtpPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: smtpPasswordSecretName
  properties: {
    value: smtpPassword
    contentType: 'text/plain'
  }
}

resource openFdaApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(openFdaApiKeySecretName)) {
  parent: vault
  name: empty(openFdaApiKeySecretName) ? 'openfda-api-key' : openFdaApiKeySecretName
  properties: {
    value: openFdaApiKey
    contentType: 'text/plain'
  }
}

resource actionLinkKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: actionLinkKeySecretName
  properties: {
    value: actionLinkKey
    contentType: 'text/plain'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
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
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

@description('Key Vault name.')
output vaultName string = vault.name
