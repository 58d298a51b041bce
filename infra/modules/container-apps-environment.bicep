metadata description = 'Container Apps environment: console logs to Log Analytics, OpenTelemetry traces and logs through the managed agent to Application Insights.'

param name string
param location string = resourceGroup().location
param tags object = {}
param logAnalyticsName string
param appInsightsName string

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// The managed OpenTelemetry agent (appInsightsConfiguration, openTelemetryConfiguration) is only in the preview API
// versions; with it the platform injects OTEL_EXPORTER_OTLP_* into the app, so the app's own OTLP exporter needs no
// endpoint or key of ours. Metrics are not routed: the agent cannot send metrics to Application Insights.
resource managedEnvironment 'Microsoft.App/managedEnvironments@2024-10-02-preview' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logAnalytics.properties.customerId
        sharedKey: logAnalytics.listKeys().primarySharedKey
      }
    }
    appInsightsConfiguration: {
      connectionString: appInsights.properties.ConnectionString
    }
    openTelemetryConfiguration: {
      tracesConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
      logsConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
    }
    zoneRedundant: false
  }
}

output name string = managedEnvironment.name
output defaultDomain string = managedEnvironment.properties.defaultDomain
