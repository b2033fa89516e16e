using System;
using System.Collections.Generic;
using System.Security;

// Public models: the names a PowerShell user sees in Get-Member. Plain classes; no wire concerns.
// Secrets are SecureString and never appear in ToString().
namespace AtlasPS
{
    /// <summary>Which kind of principal an access-list entry or a project assignment belongs to.</summary>
    public enum PrincipalType { ApiKey, ServiceAccount }
}
