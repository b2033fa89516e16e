using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core;
using AtlasPS.Core.Dsc;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Dsc
{
    /// <summary>
    /// The C# side of the class-based DSC resources in AtlasPS.DscResources.psm1: maps the class's properties to a
    /// desired state, connects, and runs the plan in AtlasPS.Core (read, compare, apply). Called on the pipeline thread
    /// from a class method; the vault (SecretManagement) is called on that thread while the core awaits HTTP.
    /// </summary>
    public static class AtlasDscBridge
    {
        public static AtlasDscResult Invoke(string resource, string method, object resourceObject, CommandInvocationIntrinsics invokeCommand)
        {
            if (resourceObject is null) throw new ArgumentNullException(nameof(resourceObject));
            var o = PSObject.AsPSObject(resourceObject);
            var result = new AtlasDscResult();
            var events = new ConcurrentQueue<string>();
            var warnings = new ConcurrentQueue<string>();
            // The class method runs on the pipeline thread: the dispatcher runs the vault's SecretManagement calls there
            // while the plan awaits Atlas.
            var dispatcher = new Commands.PipelineDispatcher();
            var vault = new SecretManagement.SecretManagementVault(invokeCommand, null, dispatcher, warnings.Enqueue);
            try
            {
                var task = dispatcher.Run(async () =>
                {
                    using (AtlasDiagnosticsScope.Begin(e => events.Enqueue("Atlas: " + e)))
                    {
                        await (resource switch
                        {
                            ApiKeyPlan.Resource => RunApiKeyAsync(method, o, vault, result, warnings.Enqueue),
                            ServiceAccountPlan.Resource => RunServiceAccountAsync(method, o, vault, result, warnings.Enqueue),
                            _ => throw new ArgumentException("Unknown DSC resource " + resource, nameof(resource)),
                        }).ConfigureAwait(false);
                    }
                    return true;
                });
                task.GetAwaiter().GetResult();
            }
            finally
            {
                while (events.TryDequeue(out var v)) result.Verbose.Add(v);
                while (warnings.TryDequeue(out var w)) result.Warnings.Add(w);
            }
            return result;
        }

        /// <summary>The error record for a failure of Get/Test/Set: stable id, real category, a message without secrets.</summary>
        public static ErrorRecord ToErrorRecord(Exception exception, string resource)
        {
            var ex = exception;
            while ((ex is MethodInvocationException || ex is AggregateException || ex is System.Reflection.TargetInvocationException) && ex.InnerException != null) ex = ex.InnerException;
            return Commands.AtlasCmdlet.ToErrorRecord(ex, resource, resource);
        }

        // ------------------------------------------------------------------ API key

        private static async Task RunApiKeyAsync(string method, PSObject o, ISecretVault vault, AtlasDscResult result, Action<string> warn)
        {
            var d = new ApiKeyDesiredState { Description = Str(o, "Description") };
            ReadShared(o, d);
            ApiKeyPlan.Validate(d);
            using var connection = await ConnectAsync(o, vault, d.OrganizationId).ConfigureAwait(false);
            var plan = await ApiKeyPlan.PlanAsync(connection, d).ConfigureAwait(false);
            result.Verbose.Add(Summary(ApiKeyPlan.Resource, "'" + d.Description + "'", plan.Reasons));
            if (method == "Set")
            {
                if (plan.IsEmpty) result.Verbose.Add("AtlasApiKey: in the desired state; nothing to change.");
                await ApiKeyPlan.ApplyAsync(connection, plan, vault, warn).ConfigureAwait(false);
                result.InDesiredState = true;
                return;
            }
            result.InDesiredState = plan.IsEmpty;
            var a = plan.Actual;
            result.Reasons = plan.Reasons.ToArray();
            if (a.Key != null)
            {
                result.Ensure = "Present";
                result.Id = a.Key.Id;
                result.PublicKey = a.Key.PublicKey;
                result.Description = a.Key.Description;
                result.Roles = a.Key.Roles;
                result.AccessList = a.AccessList?.Select(e => e.Entry).ToArray();
                result.ProjectRoles = a.Key.ProjectRoles.Select(p => new Hashtable { ["ProjectId"] = p.ProjectId, ["Roles"] = p.Roles }).ToArray();
            }
            else
            {
                result.Ensure = a.Ambiguous ? "Present" : "Absent";
                result.Description = d.Description;
            }
        }

        // ------------------------------------------------------------------ service account

        private static async Task RunServiceAccountAsync(string method, PSObject o, ISecretVault vault, AtlasDscResult result, Action<string> warn)
        {
            var d = new ServiceAccountDesiredState
            {
                Name = Str(o, "Name"),
                Description = Str(o, "Description"),
                SecretExpiresAfterHours = Int(o, "SecretExpiresAfterHours"),
                RotateWhenExpiringWithinDays = Int(o, "RotateWhenExpiringWithinDays"),
            };
            ReadShared(o, d);
            ServiceAccountPlan.Validate(d);
            using var connection = await ConnectAsync(o, vault, d.OrganizationId).ConfigureAwait(false);
            var plan = await ServiceAccountPlan.PlanAsync(connection, d, DateTimeOffset.UtcNow).ConfigureAwait(false);
            result.Verbose.Add(Summary(ServiceAccountPlan.Resource, "'" + d.Name + "'", plan.Reasons));
            if (method == "Set")
            {
                if (plan.IsEmpty) result.Verbose.Add("AtlasServiceAccount: in the desired state; nothing to change.");
                await ServiceAccountPlan.ApplyAsync(connection, plan, vault, warn).ConfigureAwait(false);
                result.InDesiredState = true;
                return;
            }
            result.InDesiredState = plan.IsEmpty;
            var a = plan.Actual;
            result.Reasons = plan.Reasons.ToArray();
            if (a.Account != null)
            {
                result.Ensure = "Present";
                result.Id = a.Account.ClientId;
                result.Description = a.Account.Description;
                result.Roles = a.Account.Roles;
                result.AccessList = a.AccessList?.Select(e => e.Entry).ToArray();
                result.ProjectRoles = a.ProjectRoles?.Select(p => new Hashtable { ["ProjectId"] = p.ProjectId, ["Roles"] = p.Roles }).ToArray();
                result.NewestSecretExpiresAt = a.NewestSecretExpiresAt;
            }
            else result.Ensure = a.Ambiguous ? "Present" : "Absent";
        }

        // ------------------------------------------------------------------ mapping

        private static void ReadShared(PSObject o, DscPrincipalDesiredState d)
        {
            d.OrganizationId = Str(o, "OrganizationId");
            var ensure = Str(o, "Ensure");
            d.Ensure = string.Equals(ensure, "Absent", StringComparison.OrdinalIgnoreCase) ? DscEnsure.Absent : DscEnsure.Present;
            d.Roles = Strs(o, "Roles");
            d.AccessList = Strs(o, "AccessList");
            d.AccessListToInclude = Strs(o, "AccessListToInclude");
            d.AccessListToExclude = Strs(o, "AccessListToExclude");
            d.VaultName = Str(o, "VaultName");
            d.SecretName = Str(o, "SecretName");
            var projects = Value(o, "ProjectRoles");
            if (projects != null)
            {
                var list = new List<DscProjectRole>();
                foreach (var item in projects is IEnumerable e && !(projects is string) ? e.Cast<object>() : new[] { projects })
                {
                    if (item is null) continue;
                    var p = PSObject.AsPSObject(item);
                    list.Add(new DscProjectRole { ProjectId = Str(p, "ProjectId"), ProjectName = Str(p, "ProjectName"), Roles = Strs(p, "Roles") });
                }
                d.ProjectRoles = list.ToArray();
            }
        }

        private static async Task<AtlasConnection> ConnectAsync(PSObject o, ISecretVault vault, string? organizationId)
        {
            var request = new ConnectRequest { OrganizationId = organizationId };
            var baseUri = Str(o, "BaseUri");
            if (baseUri != null)
            {
                if (!Uri.TryCreate(baseUri, UriKind.Absolute, out var uri))
                    throw new AtlasValidationException("AtlasInvalidBaseUri", $"BaseUri '{baseUri}' is not an absolute URL, e.g. https://cloud.mongodb.com.", "BaseUri", baseUri);
                request.BaseUri = uri;
            }
            var credential = Value(o, "Credential") as PSCredential;
            string? connVault = Str(o, "ConnectionVaultName"), connSecret = Str(o, "ConnectionSecretName");
            if (credential != null && (connVault != null || connSecret != null))
                throw new AtlasValidationException("AtlasDscAmbiguousConnection",
                    "Give either Credential or ConnectionVaultName + ConnectionSecretName to connect, not both.", "Credential");
            if ((connVault != null) != (connSecret != null))
                throw new AtlasValidationException("AtlasDscVaultIncomplete",
                    "ConnectionVaultName and ConnectionSecretName go together: the vault and the name of the stored credential to connect with.", connVault != null ? "ConnectionSecretName" : "ConnectionVaultName");
            if (credential != null)
            {
                request.CredentialUserName = credential.UserName;
                request.CredentialPassword = credential.Password;
            }
            else if (connVault != null)
            {
                var stored = await StoredCredentialReader.ReadAsync(vault, connVault, connSecret!, CancellationToken.None).ConfigureAwait(false);
                switch (stored.Credential)
                {
                    case ApiKeyCredential k: request.PublicKey = k.PublicKey; request.PrivateKey = k.PrivateKey; break;
                    case ServiceAccountCredential sa: request.ClientId = sa.ClientId; request.ClientSecret = sa.ClientSecret; break;
                }
                request.BaseUri ??= stored.BaseUri;
                request.OrganizationId ??= stored.OrganizationId;
            }
            request.ConfigureOptions = opt => opt.UserAgentSuffix = "DSC";
            return await ConnectionWorkflows.ConnectAsync(request, ConnectionWorkflows.ProcessEnvironment).ConfigureAwait(false);
        }

        private static string Summary(string resource, string what, IReadOnlyCollection<PlanReason> reasons) =>
            reasons.Count == 0 ? $"{resource} {what}: in the desired state."
                : $"{resource} {what}: {reasons.Count} difference(s): " + string.Join("; ", reasons.Select(r => r.ToString()));

        private static object? Value(PSObject o, string name)
        {
            var v = o.Properties[name]?.Value;
            return v is PSObject p ? p.BaseObject : v;
        }

        private static string? Str(PSObject o, string name)
        {
            var v = Value(o, name)?.ToString();
            return string.IsNullOrWhiteSpace(v) ? null : v;
        }

        private static int Int(PSObject o, string name) => Value(o, name) is { } v ? LanguagePrimitives.ConvertTo<int>(v) : 0;

        private static string[]? Strs(PSObject o, string name)
        {
            var v = Value(o, name);
            if (v is null) return null;
            if (v is string s) return new[] { s };
            if (v is IEnumerable e) return e.Cast<object?>().Where(x => x != null).Select(x => (x is PSObject p ? p.BaseObject : x)!.ToString()!).ToArray();
            return new[] { v.ToString()! };
        }
    }
}
