// Log Analytics workspace and workspace-based Application Insights. Local (instrumentation key) authentication is off:
// the app sends telemetry with its managed identity (Monitoring Metrics Publisher, assigned in roles.bicep).

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Log Analytics workspace name.')
param workspaceName string

@description('Application Insights component name.')
param appInsightsName string

@description('Days to keep logs in the workspace.')
@minValue(30)
@maxValue(730)
param retentionInDays int

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
  }
}

@description('Resource id of the Log Analytics workspace (target of every diagnostic setting).')
output workspaceId string = workspace.id

@description('Application Insights name.')
output appInsightsName string = appInsights.name

@description('Application Insights connection string (holds no secret: ingestion uses Entra ID because local auth is off).')
output appInsightsConnectionString string = appInsights.properties.ConnectionString
