#!/bin/sh
# azd postdeploy hook: azd deploys the new image to silo 0 only, the app tagged azd-service-name. The other silo apps
# (MYBOT_OTHER_SILO_APPS, a provision output) get the same image here, one after the other: `az containerapp update`
# returns once the app's new revision is provisioned, so at most one silo is being replaced at a time.
# azd passes the environment's values to the hook as environment variables.
set -eu

if [ -z "${MYBOT_OTHER_SILO_APPS:-}" ]; then
  exit 0
fi

image="$(az containerapp show --name "$SERVICE_MYBOT_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
  --query 'properties.template.containers[0].image' --output tsv)"

for app in $MYBOT_OTHER_SILO_APPS; do
  echo "rolling $app onto $image"
  az containerapp update --name "$app" --resource-group "$AZURE_RESOURCE_GROUP" --image "$image" --output none
done
