metadata description = 'Container Apps environment in our virtual network (workload profiles, Consumption profile): console logs to Log Analytics, OpenTelemetry traces and logs through the managed agent to Application Insights (metrics go there from the app).'

param name string
param location string = resourceGroup().location
param tags object = {}
param logAnalyticsName string
param appInsightsName string

@description('Subnet delegated to Microsoft.App/environments that the environment\'s infrastructure runs in.')
param infrastructureSubnetId string

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

var consumptionProfileName = 'Consumption'

// The managed OpenTelemetry agent (appInsightsConfiguration, openTelemetryConfiguration) is only in the preview API
// versions; with it the platform injects OTEL_EXPORTER_OTLP_* into the app, so the app's own OTLP exporter needs no
// endpoint or key of ours. The agent sends traces and logs to Application Insights but not metrics (Application
// Insights is a traces-and-logs destination of the agent only), so there is no metricsConfiguration: the
// server exports its metrics to Application Insights itself, with APPLICATIONINSIGHTS_CONNECTION_STRING (container-app.bicep).
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
    // A network of our own is what lets the silo apps expose their silo ports as TCP port mappings. Workload profiles
    // rather than a Consumption-only environment: both take a custom network, but this is the current environment
    // type, needs a /27 instead of a /23, and its Consumption profile bills the same per-second rates.
    workloadProfiles: [
      {
        name: consumptionProfileName
        workloadProfileType: 'Consumption'
      }
    ]
    vnetConfiguration: {
      infrastructureSubnetId: infrastructureSubnetId
      // External: Telegram's webhook, the admin API and the web UI must be reachable from the internet. The silo ports
      // stay internal to the environment (see container-app.bicep).
      internal: false
    }
    zoneRedundant: false
  }
}

output name string = managedEnvironment.name
output defaultDomain string = managedEnvironment.properties.defaultDomain

@description('The environment\'s inbound IP: what every silo advertises to the others, each with its own silo port.')
output staticIp string = managedEnvironment.properties.staticIp

output workloadProfileName string = consumptionProfileName
