using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>Update-AtlasCredential, ExecuteAsync: runs the changing steps of a plan, one rotation per credential kind.</summary>
    public sealed partial class CredentialWorkflows
    {
        // ------------------------------------------------------------------ execute

        /// <summary>PlanAsync, then ExecuteAsync.</summary>
        public async Task<CredentialRotationResult> RunAsync(CancellationToken ct = default) =>
            await ExecuteAsync(await PlanAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);

        /// <summary>Runs the changing steps of a plan made by this instance's PlanAsync.</summary>
        public Task<CredentialRotationResult> ExecuteAsync(CredentialRotationPlan plan, CancellationToken ct = default)
        {
            if (plan is null) throw new ArgumentNullException(nameof(plan));
            if (plan.CredentialId != CredentialId || (oldKey is null && oldAccount is null))
                throw new InvalidOperationException("Execute the plan made by this rotation's PlanAsync.");
            return Kind == CredentialKind.ApiKey ? RotateKeyAsync(plan, ct) : RotateSecretAsync(plan, ct);
        }

        private async Task Step(RotationStep step, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            AtlasProgressScope.Report(StepText(step), (int)step * 100 / (int)(RotationStep.DeleteOld + 1));
            if (options.BeforeStep != null) await options.BeforeStep(step, ct).ConfigureAwait(false);
        }

        /// <summary>What a step does, for progress records.</summary>
        private string StepText(RotationStep step) => step switch
        {
            RotationStep.CreateCredential => Kind == CredentialKind.ApiKey ? "Creating the replacement API key" : "Creating a new client secret",
            RotationStep.CopyAccessList => "Copying the access list to the new key",
            RotationStep.CopyProjectAccess => "Copying the project access to the new key",
            RotationStep.Prove => "Signing in with the new credential",
            RotationStep.Store => $"Storing the new credential in vault '{VaultName}'",
            RotationStep.DeleteOld => "Deleting the old credential",
            _ => step.ToString(),
        };
    }
}
