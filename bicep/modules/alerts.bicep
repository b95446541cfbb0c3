// Operations alerts by email: dead-lettered notifications (an email that could not be sent) and failing functions.

@description('Tags applied to every resource.')
param tags object

@description('Action group name.')
param actionGroupName string

@description('Email address that receives operations alerts.')
param alertEmail string

@description('Service Bus namespace; empty when the Storage Queue transport is chosen.')
param serviceBusNamespaceName string

@description('Notifications queue name.')
param serviceBusQueueName string

@description('Application Insights component name.')
param appInsightsName string

var useServiceBus = !empty(serviceBusNamespaceName)

resource serviceBus 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' existing = if (useServiceBus) {
  name: serviceBusNamespaceName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'advisories'
    enabled: true
    emailReceivers: [
      {
        name: 'operations'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource deadLetterAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = if (useServiceBus) {
  name: 'notifications-dead-lettered'
  location: 'global'
  tags: tags
  properties: {
    description: 'A notification reached the dead-letter queue: a clinician may not have been told. Inspect and replay it.'
    severity: 1
    enabled: true
    scopes: [
      serviceBus.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                serviceBusQueueName
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

resource failedRunsAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'function-failures'
  location: 'global'
  tags: tags
  properties: {
    description: 'Function runs failed (an ingest, the relay or the drain): advisories or emails may be late.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'failed-requests'
          metricNamespace: 'microsoft.insights/components'
          metricName: 'requests/failed'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Count'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}
