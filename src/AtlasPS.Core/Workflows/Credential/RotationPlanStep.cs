using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS
{
    /// <summary>One step of a rotation plan: what -WhatIf prints (ShouldProcess action on target).</summary>
    public sealed class RotationPlanStep
    {
        internal RotationPlanStep(AtlasPS.Core.Workflows.RotationStep step, string action, string target) { Step = step; Action = action; Target = target; }
        public AtlasPS.Core.Workflows.RotationStep Step { get; }
        /// <summary>What is done, e.g. "Create API key 'ci (rotated 2026-11-27)' with ORG_MEMBER".</summary>
        public string Action { get; }
        /// <summary>What it is done to, e.g. "Atlas organization 5f..." or "vault SecretStore, secret atlas-ci".</summary>
        public string Target { get; }
        public override string ToString() => Action + " [" + Target + "]";
    }
}
