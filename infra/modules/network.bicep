metadata description = 'The virtual network of the Container Apps environment: TCP port mappings (the silo ports) need an environment in a network of our own.'

param name string
param location string = resourceGroup().location
param tags object = {}

@description('Address space of the network; nothing else is in it, so any private range that does not clash with networks you peer it with.')
param addressPrefix string = '10.40.0.0/16'

@description('The environment\'s infrastructure subnet. A workload profiles environment needs at least a /27; a /24 leaves room for the platform\'s nodes as silos are added.')
param infrastructureSubnetPrefix string = '10.40.0.0/24'

var infrastructureSubnetName = 'container-apps'

// The subnet is declared inside the network, not as a child resource: a redeploy of the network then keeps it instead
// of trying to delete a subnet the environment is using.
resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: infrastructureSubnetName
        properties: {
          addressPrefix: infrastructureSubnetPrefix
          delegations: [
            {
              name: 'Microsoft.App.environments'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
    ]
  }
}

output name string = network.name
output infrastructureSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', network.name, infrastructureSubnetName)
