# azd postdeploy hook: azd deploys the new image to silo 0 only, the app tagged azd-service-name. The other silo apps
# (MYBOT_OTHER_SILO_APPS, a provision output) get the same image here, one after the other: `az containerapp update`
# returns once the app's new revision is provisioned, so at most one silo is being replaced at a time.
# azd passes the environment's values to the hook as environment variables.
$ErrorActionPreference = 'Stop'

$others = "$env:MYBOT_OTHER_SILO_APPS".Split(' ', [StringSplitOptions]::RemoveEmptyEntries)
if ($others.Count -eq 0) { exit 0 }

$image = az containerapp show --name $env:SERVICE_MYBOT_NAME --resource-group $env:AZURE_RESOURCE_GROUP `
    --query 'properties.template.containers[0].image' --output tsv
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }

foreach ($app in $others) {
    Write-Host "rolling $app onto $image"
    az containerapp update --name $app --resource-group $env:AZURE_RESOURCE_GROUP --image $image --output none
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}
