# The README's quick start, as the demo runs it. Credentials come from the MONGODB_ATLAS_* environment variables.
param([Parameter(Mandatory)][string] $ModulePath, [switch] $WhatIf)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

Connect-Atlas                       # reads MONGODB_ATLAS_PUBLIC_API_KEY / _PRIVATE_API_KEY / _ORG_ID / _BASE_URL
Get-AtlasConnection
Get-AtlasOrganization
$projects = Get-AtlasProject
$projects

# A cost tool's key: billing viewer + read-only, five addresses, read-only in every project, in one call.
$key = New-AtlasApiKey -Description 'cost-tool (AtlasPS demo)' -Role ORG_BILLING_READ_ONLY, ORG_READ_ONLY `
    -AccessListEntry 203.0.113.10, 203.0.113.11, 203.0.113.12, 198.51.100.0/24, 2001:db8::1 `
    -ProjectId $projects.Id -ProjectRole GROUP_READ_ONLY -WhatIf:$WhatIf
if ($key) {
    $key | Format-List Id, PublicKey, Description, Roles, PrivateKey
    Get-AtlasAccessListEntry -ApiKeyId $key.Id
    $projects | Get-AtlasProjectAccess | Where-Object ApiKeyId -eq $key.Id
}
