targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; part of every resource name and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Primary location for all resources.')
param location string

@description('Object id of the deploying user (azd sets it); gets data access to the storage account and push access to the registry for troubleshooting. Empty: no user role assignments.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
@description('Kind of principalId: User from a workstation, ServicePrincipal from a pipeline.')
param principalType string = 'User'

@description('True once azd has deployed the service, so a re-provision keeps the running image instead of the placeholder.')
param mybotExists bool = false

@secure()
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 40
      noSpecial: true
    }
  }
})
@description('Bearer token for the admin API (pairing, dead letters). Generated when not given.')
param apiToken string

@secure()
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 40
      noSpecial: true
    }
  }
})
@description('Secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token on every webhook call. Generated when not given.')
param telegramWebhookSecret string

@secure()
@description('Telegram bot token from @BotFather. Empty: the Telegram channel is not started.')
param telegramBotToken string = ''

@secure()
@description('Discord bot token. Empty: the Discord channel is not started.')
param discordBotToken string = ''

@description('OpenAI-compatible base URL including its version path. Empty: the OpenAI default endpoint.')
param llmEndpoint string = ''

@secure()
@description('API key for the LLM endpoint.')
param llmApiKey string = ''

@description('Model name sent to the LLM endpoint. Empty: the server default.')
param llmModel string = ''

@minValue(1)
@maxValue(5)
@description('Orleans silos, one container app with one replica each. Silo i listens for the other silos on port 11111 + i; silo 0 has the public HTTPS address.')
param siloCount int = 1

@description('vCPU per replica; Consumption pairs it with memory at 1:2 (0.25/0.5Gi, 0.5/1Gi, ...).')
param containerCpu string = '0.25'

@description('Memory per replica, twice the vCPU in GiB.')
param containerMemory string = '0.5Gi'

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var serviceName = 'mybot'
var tags = {
  'azd-env-name': environmentName
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourceGroup}${environmentName}'
  location: location
  tags: tags
}

var appInsightsName = '${abbrs.appInsights}${resourceToken}'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.logAnalyticsWorkspace}${resourceToken}'
    appInsightsName: appInsightsName
    location: location
    tags: tags
  }
}

// Read for its connection string, which the silos' metric exporter needs (the environment's agent carries no metrics to it).
resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
  scope: rg
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentity}${serviceName}-${resourceToken}'
    location: location
    tags: tags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  scope: rg
  params: {
    name: '${abbrs.containerRegistry}${resourceToken}'
    location: location
    tags: tags
  }
}

module registryAccess 'modules/registry-access.bicep' = {
  name: 'registry-access'
  scope: rg
  params: {
    registryName: registry.outputs.name
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageAccount}${resourceToken}'
    location: location
    tags: tags
  }
}

module storageAccess 'modules/storage-access.bicep' = {
  name: 'storage-access'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  scope: rg
  params: {
    name: '${abbrs.virtualNetwork}${resourceToken}'
    location: location
    tags: tags
  }
}

module containerAppsEnvironment 'modules/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  scope: rg
  params: {
    name: '${abbrs.containerAppsEnvironment}${resourceToken}'
    location: location
    tags: tags
    logAnalyticsName: monitoring.outputs.logAnalyticsName
    appInsightsName: monitoring.outputs.appInsightsName
    infrastructureSubnetId: network.outputs.infrastructureSubnetId
  }
}

// Silo 0 keeps the name the single app always had, so adding silos leaves it in place.
var appName = '${abbrs.containerApp}${serviceName}-${resourceToken}'
var siloAppNames = [for i in range(0, siloCount): i == 0 ? appName : '${abbrs.containerApp}${serviceName}-${i}-${resourceToken}']

// Orleans' silo port (EndpointOptions.DEFAULT_SILO_PORT); silo i uses the next ones up, so every advertised endpoint
// (the address the app's name resolves to and a port) names exactly one app, even where all names resolve to one proxy.
var firstSiloPort = 11111

module existingImage 'modules/fetch-container-image.bicep' = {
  name: 'fetch-container-image'
  scope: rg
  params: {
    exists: mybotExists
    name: appName
  }
}

// One silo app at a time, so a provision that changes every app never takes all silos down together.
@batchSize(1)
module app 'modules/container-app.bicep' = [for i in range(0, siloCount): {
  name: 'container-app-${i}'
  scope: rg
  // The image pull needs AcrPull and the first storage call needs the data roles, so both exist before the app.
  dependsOn: [
    registryAccess
    storageAccess
    monitoring
  ]
  params: {
    name: siloAppNames[i]
    location: location
    // azd deploys to the one app carrying its service tag; the infra/hooks/roll-silos hook gives the others its image.
    tags: i == 0 ? union(tags, {
      'azd-service-name': serviceName
    }) : tags
    environmentName: containerAppsEnvironment.outputs.name
    workloadProfileName: containerAppsEnvironment.outputs.workloadProfileName
    externalIngress: i == 0
    publicAppName: appName
    siloPort: firstSiloPort + i
    identityName: identity.outputs.name
    registryServer: registry.outputs.loginServer
    existingContainers: existingImage.outputs.containers
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    apiToken: apiToken
    telegramBotToken: telegramBotToken
    telegramWebhookSecret: telegramWebhookSecret
    discordBotToken: discordBotToken
    llmEndpoint: llmEndpoint
    llmApiKey: llmApiKey
    llmModel: llmModel
    appInsightsConnectionString: appInsights.properties.ConnectionString
    cpu: containerCpu
    memory: containerMemory
  }
}]

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name

output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = containerAppsEnvironment.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_STATIC_IP string = containerAppsEnvironment.outputs.staticIp
output AZURE_VIRTUAL_NETWORK_NAME string = network.outputs.name

output SERVICE_MYBOT_NAME string = app[0].outputs.name
output SERVICE_MYBOT_URI string = app[0].outputs.uri
output MYBOT_URL string = app[0].outputs.uri
@description('The silo apps besides silo 0, space-separated: the postdeploy hook rolls the deployed image onto them.')
output MYBOT_OTHER_SILO_APPS string = join(skip(siloAppNames, 1), ' ')
output MYBOT_IDENTITY_CLIENT_ID string = identity.outputs.clientId

output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint

output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsName
output AZURE_LOG_ANALYTICS_WORKSPACE_ID string = monitoring.outputs.logAnalyticsCustomerId
output AZURE_APPLICATION_INSIGHTS_NAME string = monitoring.outputs.appInsightsName
