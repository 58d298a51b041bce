metadata description = 'One MyBot silo as a container app in cloud mode: one replica, Azure Storage through the managed identity, Telegram by webhook, its silo port as an internal TCP port mapping, secrets only as Container Apps secrets.'

param name string
param location string = resourceGroup().location
param tags object = {}
param environmentName string

@description('Workload profile of the environment the app runs on.')
param workloadProfileName string

@description('Whether the HTTP API is reachable from the internet. Telegram needs one webhook URL, so one silo app has it.')
param externalIngress bool

@description('The app whose public HTTPS address is the webhook URL every silo registers with Telegram.')
param publicAppName string

@minValue(1024)
@maxValue(65535)
@description('This silo\'s silo-to-silo port: listened on in the container and exposed under the same number, unique per silo app.')
param siloPort int

param identityName string
param registryServer string

@description('Containers of the running app (empty on the first provision, before azd has pushed an image).')
param existingContainers array = []

param blobEndpoint string
param queueEndpoint string
param tableEndpoint string

@secure()
param apiToken string

@secure()
param telegramWebhookSecret string

@secure()
param telegramBotToken string = ''

@secure()
param discordBotToken string = ''

param llmEndpoint string = ''

@secure()
param llmApiKey string = ''

param llmModel string = ''

@secure()
@description('Application Insights connection string: the server exports its metrics there (the environment\'s OpenTelemetry agent carries traces and logs, not metrics, to Application Insights).')
param appInsightsConnectionString string

param cpu string = '0.25'
param memory string = '0.5Gi'

var targetPort = 8080

// Orleans names the cluster and its durable data by these two; every silo app must use the same pair for as long as
// the storage account lives.
var clusterId = 'mybot'
var serviceId = 'mybot'

// Container Apps sends SIGKILL this long after SIGTERM (its default is 30 s). The server bounds its own graceful stop
// with HostOptions.ShutdownTimeout (25 s): leaving the membership table and deactivating grains; the rest is margin.
var terminationGracePeriodSeconds = 60

// azd provisions before it has pushed an image, so the first revision runs a public placeholder that listens on 8080
// and answers /healthz; /readyz is probed once the real image runs (every provision after the first deploy).
var placeholderImage = 'mcr.microsoft.com/dotnet/samples:aspnetapp'
var deployed = !empty(existingContainers)
var image = deployed ? existingContainers[0].image : placeholderImage
var readinessPath = deployed ? '/readyz' : '/healthz'

resource managedEnvironment 'Microsoft.App/managedEnvironments@2024-10-02-preview' existing = {
  name: environmentName
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

// Known before the app exists, so Telegram can be pointed at the app in the same deployment that creates it.
var appUrl = 'https://${publicAppName}.${managedEnvironment.properties.defaultDomain}'

var secrets = concat(
  [
    {
      name: 'api-token'
      value: apiToken
    }
    {
      name: 'telegram-webhook-secret'
      value: telegramWebhookSecret
    }
    {
      name: 'appinsights-connection-string'
      value: appInsightsConnectionString
    }
  ],
  empty(telegramBotToken)
    ? []
    : [
        {
          name: 'telegram-bot-token'
          value: telegramBotToken
        }
      ],
  empty(discordBotToken)
    ? []
    : [
        {
          name: 'discord-bot-token'
          value: discordBotToken
        }
      ],
  empty(llmApiKey)
    ? []
    : [
        {
          name: 'llm-api-key'
          value: llmApiKey
        }
      ]
)

var environmentVariables = concat(
  [
    {
      name: 'ASPNETCORE_URLS'
      value: 'http://+:${targetPort}'
    }
    {
      name: 'OTEL_SERVICE_NAME'
      value: 'mybot'
    }
    {
      name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
      secretRef: 'appinsights-connection-string'
    }
    {
      name: 'AZURE_CLIENT_ID'
      value: identity.properties.clientId
    }
    {
      name: 'MyBot__Storage__Provider'
      value: 'AzureStorage'
    }
    {
      name: 'MyBot__Storage__Azure__BlobEndpoint'
      value: blobEndpoint
    }
    {
      name: 'MyBot__Storage__Azure__QueueEndpoint'
      value: queueEndpoint
    }
    {
      name: 'MyBot__Storage__Azure__TableEndpoint'
      value: tableEndpoint
    }
    {
      name: 'MyBot__Orleans__ClusterId'
      value: clusterId
    }
    {
      name: 'MyBot__Orleans__ServiceId'
      value: serviceId
    }
    {
      name: 'MyBot__Orleans__SiloPort'
      value: string(siloPort)
    }
    {
      // The app's own name, resolved by the silo at start: Container Apps routes an internal port by the app's name, and
      // the environment's static IP is not documented to answer one. The name resolves to the environment's proxy, not
      // to the container, so the silo listens on every interface (MyBot:Orleans:ListenOnAny defaults to true).
      name: 'MyBot__Orleans__AdvertisedAddress'
      value: name
    }
    {
      name: 'MyBot__Api__Token'
      secretRef: 'api-token'
    }
    {
      name: 'MyBot__Telegram__Mode'
      value: 'Webhook'
    }
    {
      name: 'MyBot__Telegram__WebhookUrl'
      value: appUrl
    }
    {
      name: 'MyBot__Telegram__WebhookSecret'
      secretRef: 'telegram-webhook-secret'
    }
  ],
  empty(telegramBotToken)
    ? []
    : [
        {
          name: 'MyBot__Telegram__BotToken'
          secretRef: 'telegram-bot-token'
        }
      ],
  empty(discordBotToken)
    ? []
    : [
        {
          name: 'MyBot__Discord__BotToken'
          secretRef: 'discord-bot-token'
        }
      ],
  empty(llmEndpoint)
    ? []
    : [
        {
          name: 'MyBot__Llm__Endpoint'
          value: llmEndpoint
        }
      ],
  empty(llmApiKey)
    ? []
    : [
        {
          name: 'MyBot__Llm__ApiKey'
          secretRef: 'llm-api-key'
        }
      ],
  empty(llmModel)
    ? []
    : [
        {
          name: 'MyBot__Llm__Model'
          value: llmModel
        }
      ]
)

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    environmentId: managedEnvironment.id
    workloadProfileName: workloadProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: externalIngress
        targetPort: targetPort
        transport: 'auto'
        allowInsecure: false
        // The silo port, for the other silos only: internal, so it is never reachable from the internet. No gateway
        // port: the HTTP API runs inside the silo and no external Orleans client exists.
        additionalPortMappings: [
          {
            external: false
            targetPort: siloPort
            exposedPort: siloPort
          }
        ]
      }
      registries: [
        {
          server: registryServer
          identity: identity.id
        }
      ]
      secrets: secrets
    }
    template: {
      terminationGracePeriodSeconds: terminationGracePeriodSeconds
      containers: [
        {
          name: 'mybot'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: environmentVariables
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/healthz'
                port: targetPort
              }
              initialDelaySeconds: 3
              periodSeconds: 5
              timeoutSeconds: 3
              failureThreshold: 10
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: targetPort
              }
              periodSeconds: 10
              timeoutSeconds: 3
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: {
                path: readinessPath
                port: targetPort
              }
              periodSeconds: 5
              timeoutSeconds: 3
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        // One silo per app, as Orleans' Container Apps shape has it: replicas of one app are load-balanced behind one
        // address and cannot be told apart as silos. The silo runs the stream pulling agents, reminders and channel
        // pollers, so it never scales to zero either.
        minReplicas: 1
        maxReplicas: 1
      }
    }
  }
}

output name string = app.name
output uri string = 'https://${app.properties.configuration.ingress.fqdn}'
