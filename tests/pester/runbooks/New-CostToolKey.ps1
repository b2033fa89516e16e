<#
A runbook as a scheduler or Azure Automation runs it: `pwsh -NonInteractive -File New-CostToolKey.ps1`, the
credential in MONGODB_ATLAS_* variables, no person to answer a prompt. It creates a key straight into a vault, gives
it addresses and project access, proves the stored credential signs in, and removes the key again.
-OmitConfirm leaves out -Confirm:$false on the removal: in a non-interactive host that must fail at once, not hang.
Writes one line of JSON (what it did) on success.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $Vault = 'RunbookVault',
    [string] $SecretName = 'atlas-cost-tool',
    [switch] $OmitConfirm
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

Connect-Atlas                                                   # MONGODB_ATLAS_BASE_URL / _PUBLIC_API_KEY / _PRIVATE_API_KEY
$key = New-AtlasApiKey -Description "cost-tool runbook $([guid]::NewGuid().ToString('N').Substring(0, 8))" `
    -Role ORG_BILLING_READ_ONLY, ORG_READ_ONLY -Vault $Vault -SecretName $SecretName
$entries = $key | Add-AtlasAccessListEntry -IpAddress 127.0.0.1, 203.0.113.80 -CidrBlock 198.51.100.0/24
$granted = Get-AtlasProject | Grant-AtlasProjectAccess -ApiKeyId $key.Id -Role GROUP_READ_ONLY

# What the next run of a runbook does: sign in with the stored credential.
$asKey = Connect-Atlas -Vault $Vault -SecretName $SecretName -PassThru
$orgAsKey = (Get-AtlasOrganization).Id
Connect-Atlas

if ($OmitConfirm) { Remove-AtlasApiKey -ApiKeyId $key.Id }
else { Remove-AtlasApiKey -ApiKeyId $key.Id -Confirm:$false }

[pscustomobject]@{
    KeyId = $key.Id; PublicKey = $key.PublicKey; StoredIn = $key.StoredIn; PrivateKeyShown = ($null -ne $key.PrivateKey)
    Entries = @($entries.CidrBlock); Projects = @($granted.ProjectId); SignedInAs = $asKey.Identity; OrgAsKey = $orgAsKey
} | ConvertTo-Json -Compress
