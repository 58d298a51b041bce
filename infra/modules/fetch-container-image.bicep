metadata description = 'The containers of the app when it already exists, so a re-provision keeps the image azd deployed.'

param exists bool
param name string

resource existingApp 'Microsoft.App/containerApps@2024-03-01' existing = if (exists) {
  name: name
}

output containers array = exists ? existingApp!.properties.template.containers : []
