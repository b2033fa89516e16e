using System;
using System.Collections.Generic;

namespace AtlasPS.Core.Resources
{
    public sealed class ServiceAccountSpec
    {
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public IReadOnlyList<string> Roles { get; set; } = Array.Empty<string>();
        public int SecretExpiresAfterHours { get; set; }
    }
}
