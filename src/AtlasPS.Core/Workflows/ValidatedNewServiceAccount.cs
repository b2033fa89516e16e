using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>The validated form of a NewServiceAccountRequest.</summary>
    public sealed class ValidatedNewServiceAccount
    {
        internal ValidatedNewServiceAccount() { }
        public string OrganizationId { get; internal set; } = "";
        public string Name { get; internal set; } = "";
        public string Description { get; internal set; } = "";
        public IReadOnlyList<string> Roles { get; internal set; } = Array.Empty<string>();
        public int SecretExpiresAfterHours { get; internal set; }
        public IReadOnlyList<AccessListSpec> AccessList { get; internal set; } = Array.Empty<AccessListSpec>();
        public IReadOnlyList<string> ProjectIds { get; internal set; } = Array.Empty<string>();
        public IReadOnlyList<string> ProjectRoles { get; internal set; } = Array.Empty<string>();
        public int ThrottleLimit { get; internal set; }

        /// <summary>What would be created, for -WhatIf and -Confirm: every setting the request makes (no secret, none exists yet).</summary>
        public string Describe() =>
            $"service account '{Name}' in organization {OrganizationId} (description '{Description}') with roles {string.Join(", ", Roles)}, " +
            $"a client secret valid {SecretExpiresAfterHours} hours" +
            (AccessList.Count > 0 ? $", {AccessList.Count} access-list entr{(AccessList.Count == 1 ? "y" : "ies")} ({string.Join(", ", AccessList.Select(a => a.Entry))})" : "") +
            (ProjectIds.Count > 0 ? $", {string.Join(", ", ProjectRoles)} in {ProjectIds.Count} project(s) ({string.Join(", ", ProjectIds)})" : "");
    }
}
