// Function App on the Flex Consumption plan (Linux, dotnet-isolated), system-assigned identity. Its app settings are
// applied by appsettings.bicep once the identity holds its roles. FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION are not app settings on Flex Consumption: functionAppConfig.runtime carries them.

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

@description('Blob endpoint of the storage account.')
param blobEndpoint string

@description('Blob container that Flex Consumption deploys the package from.')
param deploymentContainerName string

@description('Application (client) id of the API\'s Entra ID app registration; empty: App Service Authentication off.')
param authClientId string

@description('Resource id of the Log Analytics workspace that receives diagnostics.')
param workspaceId string

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

// App Service Authentication with Entra ID. Unauthenticated requests go on to the app (AllowAnonymous): the health route
// stays open, and the app answers 401/403 problem+json itself from the roles in X-MS-CLIENT-PRINCIPAL
// (Api__RequireRoles, app roles Advisory.Admin / Advisory.Reader); the platform strips that header from client requests
// and sets WEBSITE_AUTH_ENABLED=True for the app. Function keys are still checked by the Functions host on top.
resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(authClientId)) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${authClientId}'
            authClientId
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
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
