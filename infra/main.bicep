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

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.logAnalyticsWorkspace}${resourceToken}'
    appInsightsName: '${abbrs.appInsights}${resourceToken}'
    location: location
    tags: tags
  }
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

module containerAppsEnvironment 'modules/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  scope: rg
  params: {
    name: '${abbrs.containerAppsEnvironment}${resourceToken}'
    location: location
    tags: tags
    logAnalyticsName: monitoring.outputs.logAnalyticsName
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

var appName = '${abbrs.containerApp}${serviceName}-${resourceToken}'

module existingImage 'modules/fetch-container-image.bicep' = {
  name: 'fetch-container-image'
  scope: rg
  params: {
    exists: mybotExists
    name: appName
  }
}

module app 'modules/container-app.bicep' = {
  name: 'container-app'
  scope: rg
  // The image pull needs AcrPull and the first storage call needs the data roles, so both exist before the app.
  dependsOn: [
    registryAccess
    storageAccess
  ]
  params: {
    name: appName
    location: location
    tags: union(tags, {
      'azd-service-name': serviceName
    })
    environmentName: containerAppsEnvironment.outputs.name
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
    cpu: containerCpu
    memory: containerMemory
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name

output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = containerAppsEnvironment.outputs.name

output SERVICE_MYBOT_NAME string = app.outputs.name
output SERVICE_MYBOT_URI string = app.outputs.uri
output MYBOT_URL string = app.outputs.uri
output MYBOT_IDENTITY_CLIENT_ID string = identity.outputs.clientId

output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint

output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsName
output AZURE_LOG_ANALYTICS_WORKSPACE_ID string = monitoring.outputs.logAnalyticsCustomerId
output AZURE_APPLICATION_INSIGHTS_NAME string = monitoring.outputs.appInsightsName
