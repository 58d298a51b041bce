# azd preprovision hook: gives the azd environment an API token and a Telegram webhook secret when the user set none,
# once, so every later provision deploys the same values and `azd env get-values` shows them.
# azd passes the environment's values to the hook as environment variables.
$ErrorActionPreference = 'Stop'

foreach ($name in @('MYBOT_API_TOKEN', 'TELEGRAM_WEBHOOK_SECRET')) {
    if ([string]::IsNullOrEmpty([Environment]::GetEnvironmentVariable($name))) {
        $bytes = [byte[]]::new(32)
        [Security.Cryptography.RandomNumberGenerator]::Fill($bytes)
        azd env set $name ([Convert]::ToHexString($bytes).ToLowerInvariant())
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
        Write-Host "generated $name (read it with: azd env get-value $name)"
    }
}
