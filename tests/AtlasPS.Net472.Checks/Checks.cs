using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core;
using AtlasPS.Core.Http;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Net472.Checks
{
    /// <summary>
    /// The core's main paths, through the entry points the cmdlets use (workflows, AtlasClient), with assertions on
    /// results and on the emulator's request log. Every check starts with faults off and the log cleared.
    /// <para>
    /// What a Mono run cannot prove about .NET Framework:
    /// - The transport. Mono 6.8's HttpClientHandler always delegates to its port of .NET Core's SocketsHttpHandler
    ///   (HttpClientHandler.CreateDefaultHandler; no switch selects its HttpWebRequest-based handler), whereas
    ///   .NET Framework's runs on HttpWebRequest and ServicePointManager: its 2-connections-per-server default, its
    ///   exception shapes for dropped connections and timeouts, Expect: 100-continue, and how MaxConnectionsPerServer
    ///   lifts the limit are not exercised here (the limit is checked in the dll's metadata by Net472DependencyTests).
    /// - TLS. The emulator speaks plain http on loopback, so no TLS runs; on Windows it is SChannel with the machine's
    ///   protocol settings (TLS 1.2 needs .NET 4.7+ defaults or SchUseStrongCrypto), on Mono BoringSSL.
    /// - Proxies (WinINET settings), SecureString protection (DPAPI on Windows; Mono only holds the characters), and
    ///   the CLR loader's version policy (Mono is more lenient; Net472DependencyTests audits the references instead).
    /// What does run is AtlasPS.Core's net472 build and its shipped net472 dependencies (System.Text.Json, Polly.Core,
    /// Microsoft.Bcl.*), loaded from the module's bin/net472 without binding redirects.
    /// </para>
    /// </summary>
    internal static class Checks
    {
        private const string Vault = "SecretStore";
        private const string MissingId = "0123456789abcdef01234567";

        public static readonly Check[] All =
        {
            new Check("digest-nonce-reuse", DigestNonceReuse),
            new Check("oauth-client-credentials", OAuthClientCredentials),
            new Check("paging-concurrent-pages", PagingConcurrentPages),
            new Check("create-key-access-list-projects", CreateKeyWithAccessListAndProjects),
            new Check("rollback-after-failure", RollbackAfterFailure),
            new Check("service-account-secrets", ServiceAccountSecrets),
            new Check("rotation-api-key", RotationApiKey),
            new Check("rotation-service-account", RotationServiceAccount),
            new Check("vault-handoff", VaultHandoff),
            new Check("validation-messages", ValidationMessages),
            new Check("atlas-error-messages", AtlasErrorMessages),
            new Check("retry-429-retry-after", Retry429RetryAfter),
            new Check("retry-dropped-connection", RetryDroppedConnection),
            new Check("lost-create-answer", LostCreateAnswer),
            new Check("securestring-handling", SecureStringHandling),
            new Check("cancellation", Cancellation),
        };

        private static string Api(string rest) => "/api/atlas/v2" + rest;

        // ------------------------------------------------------------------ authentication

        /// <summary>One digest challenge for the whole session: the nonce is reused, nc counts up.</summary>
        private static async Task DigestNonceReuse(CheckContext x)
        {
            using (var c = await x.ConnectApiKeyAsync())
            {
                Expect.Equal(x.Seed.OrgId, c.OrganizationId, "default organization");
                await OrganizationWorkflows.GetByIdAsync(c, x.Seed.OrgId);
                var projects = new List<Project>();
                await foreach (var p in ProjectWorkflows.ListAsync(c, null)) projects.Add(p);
                Expect.Sequence(x.Seed.ProjectIds.OrderBy(i => i), projects.Select(p => p.Id).OrderBy(i => i), "projects");
                var owner = await ApiKeyWorkflows.GetByIdAsync(c, null, x.Seed.OwnerApiKeyId);
                Expect.Equal(x.Seed.PublicKey, owner.PublicKey, "owner key");
                Expect.True(owner.PrivateKey is null, "a listed key carries no private key");
            }
            var log = Control.Log();
            // connect: challenge + answer; then one request per call.
            Expect.Equal(5, log.Count, "requests (" + Expect.Log(log) + ")");
            Expect.True(log[0].Challenged && log[0].Status == 401, "the first request is challenged: " + log[0]);
            Expect.Equal(1, log.Count(e => e.Challenged || e.Status == 401), "challenges (" + Expect.Log(log) + ")");
            Expect.True(log.Skip(1).All(e => e.Status == 200 && e.Principal == x.Seed.PublicKey), "every later request signed in with the nonce: " + Expect.Log(log));
        }

        /// <summary>One token for many calls; revoked when the connection is disposed.</summary>
        private static async Task OAuthClientCredentials(CheckContext x)
        {
            using (var c = await x.ConnectServiceAccountAsync())
            {
                Expect.Equal(AtlasAuthKind.ServiceAccount, c.AuthenticationType, "auth kind");
                Expect.Equal(x.Seed.OrgId, c.OrganizationId, "default organization");
                await OrganizationWorkflows.GetByIdAsync(c, x.Seed.OrgId);
                await ProjectWorkflows.GetByIdAsync(c, x.Seed.ProjectIds[0]);
                var sa = await ServiceAccountWorkflows.GetAsync(c, null, x.Seed.ClientId);
                Expect.Equal(x.Seed.ClientId, sa.ClientId, "service account");
            }
            var log = Control.Log();
            var token = log.Where(e => e.Path == "/api/oauth/token").ToList();
            Expect.Equal(1, token.Count, "token requests (" + Expect.Log(log) + ")");
            Expect.Equal(200, token[0].Status, "token status");
            var api = log.Where(e => e.Path.StartsWith("/api/atlas/", StringComparison.Ordinal)).ToList();
            Expect.Equal(4, api.Count, "API calls (" + Expect.Log(log) + ")");
            Expect.True(api.All(e => e.Status == 200 && e.Principal == x.Seed.ClientId), "bearer calls: " + Expect.Log(api));
            Expect.Equal(1, log.Count(e => e.Path == "/api/oauth/revoke" && e.Status == 200), "token revoked on Dispose (" + Expect.Log(log) + ")");
            Expect.NotContains(x.EventText, x.Seed.ClientSecret, "diagnostics");
        }

        // ------------------------------------------------------------------ paging

        /// <summary>
        /// 30 access-list entries read in pages of 3: the first page with includeCount, then the rest concurrently. The
        /// request log shows more than two page requests in flight at once (one arrived before another completed). On
        /// Mono this proves the pager's concurrency, not the lifted 2-connection limit of .NET Framework's transport
        /// (Mono's handler has no such default; see the class remarks).
        /// </summary>
        private static async Task PagingConcurrentPages(CheckContext x)
        {
            var entries = Enumerable.Range(1, 30).Select(i => "10.9.0." + i).ToList();
            using var c = await x.ConnectApiKeyAsync();
            var key = await ApiKeyWorkflows.CreateAsync(c, new NewApiKeyRequest
            {
                Description = CheckContext.Unique("paging"), Roles = new[] { "ORG_READ_ONLY" }, AccessList = entries,
            });
            try
            {
                Control.Reset();
                Control.Faults(new JsonObject { ["LatencyMs"] = 300 });
                long total = -1;
                var read = new List<string>();
                await foreach (var e in AccessListEntryWorkflows.ListAsync(c, null, PrincipalRef.ApiKey(key.Id),
                                   new PageRequest { ItemsPerPage = 3, OnTotalCount = t => total = t }))
                    read.Add(e.Entry);
                Control.Faults(new JsonObject { ["LatencyMs"] = 0 });
                Expect.Equal(30L, total, "totalCount");
                Expect.Sequence(entries.OrderBy(e => e, StringComparer.Ordinal), read.OrderBy(e => e, StringComparer.Ordinal), "entries");
                Expect.Equal(read.Count, read.Distinct().Count(), "no entry twice");

                var pages = Control.Log().Where(e => e.Method == "GET" && e.Path.EndsWith("/accessList", StringComparison.Ordinal)).ToList();
                Expect.True(pages.All(p => p.Status == 200), "pages: " + Expect.Log(pages));
                Expect.Contains("includeCount=true", pages[0].Query, "first page");
                var numbers = pages.Select(p => PageNum(p.Query)).ToList();
                Expect.Sequence(Enumerable.Range(1, numbers.Count), numbers.OrderBy(n => n), "page numbers, each once");
                Expect.True(numbers.Count >= 10, "at least 10 pages: " + Expect.Log(pages));
                var rest = pages.Skip(1).ToList();
                int maxInFlight = rest.Max(p => rest.Count(q => q.Arrived <= p.Arrived && q.Completed > p.Arrived));
                Expect.True(maxInFlight >= 3, $"more than 2 pages in flight at once (saw {maxInFlight})");
            }
            finally
            {
                Control.Faults(new JsonObject { ["LatencyMs"] = 0 });
                await ApiKeyWorkflows.RemoveAsync(c, null, key.Id);
            }
        }

        private static int PageNum(string query)
        {
            foreach (var part in query.TrimStart('?').Split('&'))
                if (part.StartsWith("pageNum=", StringComparison.Ordinal)) return int.Parse(part.Substring(8), System.Globalization.CultureInfo.InvariantCulture);
            return 1;
        }

        // ------------------------------------------------------------------ create, rollback

        /// <summary>New-AtlasApiKey: key, access list in one POST, three projects (fan-out).</summary>
        private static async Task CreateKeyWithAccessListAndProjects(CheckContext x)
        {
            using var c = await x.ConnectApiKeyAsync();
            Control.Reset();
            var desc = CheckContext.Unique("cost-tool");
            var key = await ApiKeyWorkflows.CreateAsync(c, new NewApiKeyRequest
            {
                Description = desc, Roles = new[] { "ORG_BILLING_READ_ONLY", "ORG_READ_ONLY" },
                AccessList = new[] { "203.0.113.10", "198.51.100.0/24", "2001:db8::1" },
                ProjectIds = x.Seed.ProjectIds, ProjectRoles = new[] { "GROUP_READ_ONLY" }, ThrottleLimit = 3,
            });
            try
            {
                Expect.True(key.PrivateKey != null && key.PrivateKey.Length > 0, "the new key's private key is returned as a SecureString");
                Expect.Sequence(x.Seed.ProjectIds.OrderBy(p => p), key.ProjectRoles.Select(p => p.ProjectId).OrderBy(p => p), "project roles on the result");
                var log = Control.Log();
                Expect.Equal(1, log.Count(e => e.Method == "POST" && e.Path == Api($"/orgs/{x.Seed.OrgId}/apiKeys")), "one create (" + Expect.Log(log) + ")");
                Expect.Equal(1, log.Count(e => e.Method == "POST" && e.Path == Api($"/orgs/{x.Seed.OrgId}/apiKeys/{key.Id}/accessList")), "one access-list POST (" + Expect.Log(log) + ")");
                foreach (var p in x.Seed.ProjectIds)
                    Expect.Equal(1, log.Count(e => e.Method != "GET" && e.Path == Api($"/groups/{p}/apiKeys/{key.Id}") && e.Status < 300), "assignment to " + p + " (" + Expect.Log(log) + ")");
                Expect.True(log.All(e => e.Status < 400), "no failed request: " + Expect.Log(log));

                var read = await ApiKeyWorkflows.GetByIdAsync(c, null, key.Id);
                Expect.Equal(desc, read.Description, "description");
                Expect.Sequence(new[] { "ORG_BILLING_READ_ONLY", "ORG_READ_ONLY" }, read.Roles.OrderBy(r => r), "org roles");
                var list = new List<string>();
                await foreach (var e in AccessListEntryWorkflows.ListAsync(c, null, PrincipalRef.ApiKey(key.Id))) list.Add(e.CidrBlock);
                Expect.Sequence(new[] { "198.51.100.0/24", "2001:db8::1/128", "203.0.113.10/32" }, list.OrderBy(e => e, StringComparer.Ordinal), "access list");
                foreach (var p in x.Seed.ProjectIds)
                {
                    var access = await ProjectAccessWorkflows.GetAsync(c, p, PrincipalRef.ApiKey(key.Id));
                    Expect.Sequence(new[] { "GROUP_READ_ONLY" }, access.Single().Roles, "roles in project " + p);
                }
            }
            finally { await ApiKeyWorkflows.RemoveAsync(c, null, key.Id); }
        }

        /// <summary>An assignment to a missing project fails: the key is deleted again and the error says so.</summary>
        private static async Task RollbackAfterFailure(CheckContext x)
        {
            using var c = await x.ConnectApiKeyAsync();
            Control.Reset();
            var desc = CheckContext.Unique("rollback");
            var ex = await Expect.Throws<AtlasWorkflowException>(() => ApiKeyWorkflows.CreateAsync(c, new NewApiKeyRequest
            {
                Description = desc, Roles = new[] { "ORG_READ_ONLY" }, AccessList = new[] { "203.0.113.7" },
                ProjectIds = new[] { x.Seed.ProjectIds[0], MissingId }, ProjectRoles = new[] { "GROUP_READ_ONLY" },
            }), "create with a missing project");
            Expect.Equal("AtlasCreationRolledBack", ex.ErrorId, "error id");
            Expect.Contains("project assignments", ex.Message, "message names the step");
            Expect.Contains("was deleted again", ex.Message, "message says the key is gone");
            Expect.Contains(MissingId, ex.Message, "message names the project");
            var inner = ex.InnerException as AtlasApiException;
            Expect.True(inner != null && inner.StatusCode == 404, "inner error is Atlas's 404: " + ex.InnerException);

            var log = Control.Log();
            var created = log.Single(e => e.Method == "POST" && e.Path == Api($"/orgs/{x.Seed.OrgId}/apiKeys"));
            var deletes = log.Where(e => e.Method == "DELETE" && e.Path.StartsWith(Api($"/orgs/{x.Seed.OrgId}/apiKeys/"), StringComparison.Ordinal)).ToList();
            Expect.Equal(1, deletes.Count, "one rollback DELETE (" + Expect.Log(log) + ")");
            Expect.Equal(204, deletes[0].Status, "rollback DELETE status");
            Expect.True(deletes[0].Arrived >= created.Completed, "the delete comes after the create");
            var left = new List<ApiKey>();
            await foreach (var k in ApiKeyWorkflows.ListAsync(c, null, null, new[] { desc })) left.Add(k);
            Expect.Equal(0, left.Count, "keys left with that description");
        }

        // ------------------------------------------------------------------ service accounts

        private static async Task ServiceAccountSecrets(CheckContext x)
        {
            using var c = await x.ConnectApiKeyAsync();
            var name = CheckContext.Unique("sa");
            var sa = await ServiceAccountWorkflows.CreateAsync(c, new NewServiceAccountRequest
            {
                Name = name, Description = "net472 checks", Roles = new[] { "ORG_READ_ONLY" }, SecretExpiresAfterHours = 24,
                ProjectIds = new[] { x.Seed.ProjectIds[0] }, ProjectRoles = new[] { "GROUP_READ_ONLY" },
            });
            try
            {
                var first = sa.Secrets.Single();
                Expect.True(first.Secret != null && first.Secret.Length > 0, "the first secret is returned as a SecureString");
                var second = await ServiceAccountSecretWorkflows.NewAsync(c, null, sa.ClientId, 72);
                Expect.True(second.Secret != null && second.Secret.Length > 0, "the new secret is returned as a SecureString");

                var all = await ServiceAccountSecretWorkflows.GetAsync(c, null, sa.ClientId);
                Expect.Sequence(new[] { first.Id, second.Id }, all.Select(s => s.Id), "secrets, soonest expiry first");
                Expect.True(all.All(s => s.Secret is null && !string.IsNullOrEmpty(s.MaskedSecretValue)), "listed secrets are masked");
                var soon = await ServiceAccountSecretWorkflows.GetAsync(c, null, sa.ClientId, expiringWithinDays: 2);
                Expect.Sequence(new[] { first.Id }, soon.Select(s => s.Id), "expiring within 2 days");

                // The second secret signs in (token endpoint), the removed first one no longer does.
                using (var asSa = await x.ConnectServiceAccountAsync(sa.ClientId, second.Secret!.Copy()))
                    Expect.Equal(x.Seed.OrgId, asSa.OrganizationId, "signed in with the new secret");
                await ServiceAccountSecretWorkflows.RemoveAsync(c, null, sa.ClientId, first.Id);
                var fail = await Expect.Throws<AtlasWorkflowException>(() => x.ConnectServiceAccountAsync(sa.ClientId, first.Secret!.Copy()), "sign-in with a removed secret");
                Expect.Equal("AtlasAuthenticationFailed", fail.ErrorId, "error id");
                Expect.Sequence(new[] { second.Id }, (await ServiceAccountSecretWorkflows.GetAsync(c, null, sa.ClientId)).Select(s => s.Id), "secrets after removal");
                var projects = new List<ServiceAccount>();
                await foreach (var a in ServiceAccountWorkflows.ListInProjectAsync(c, null, x.Seed.ProjectIds[0])) projects.Add(a);
                Expect.True(projects.Any(a => a.ClientId == sa.ClientId), "invited into the project");
            }
            finally { await ServiceAccountWorkflows.DeleteAsync(c, null, sa.ClientId); }
        }

        // ------------------------------------------------------------------ rotation

        private static async Task RotationApiKey(CheckContext x)
        {
            using var c = await x.ConnectApiKeyAsync();
            var old = await ApiKeyWorkflows.CreateAsync(c, new NewApiKeyRequest
            {
                Description = CheckContext.Unique("ci-deploy"), Roles = new[] { "ORG_MEMBER", "ORG_BILLING_READ_ONLY" },
                AccessList = new[] { "127.0.0.1", "10.20.0.0/16" }, ProjectIds = new[] { x.Seed.ProjectIds[1] }, ProjectRoles = new[] { "GROUP_READ_ONLY" },
            });
            var vault = new InMemoryVault(Vault);
            vault.Put(Vault, "ci", old.PublicKey, new NetworkCredential("", old.PrivateKey).Password);
            var warnings = new List<string>();
            var result = await new CredentialWorkflows(c.Client, vault, new RotationOptions
            {
                OrganizationId = x.Seed.OrgId, ApiKeyId = old.Id, VaultName = Vault, SecretName = "ci", Warning = w => { lock (warnings) warnings.Add(w); },
            }).RunAsync();
            try
            {
                Expect.True(result.Proven, "the new key was proven");
                Expect.Sequence(new[] { old.Id }, result.DeletedIds, "deleted ids");
                Expect.Equal(Vault + "/ci", result.StoredIn, "stored in");
                var entry = vault.Find(Vault, "ci")!;
                Expect.Equal(result.Identity, entry.UserName, "vault user name is the new public key");
                var readBack = await StoredCredentialReader.ReadAsync(vault, Vault, "ci", CancellationToken.None);
                Expect.Equal(x.Seed.OrgId, readBack.OrganizationId, "org id from metadata");
                using (var asNew = await x.ConnectAsync(readBack.Credential, readBack.OrganizationId))
                {
                    var n = await ApiKeyWorkflows.GetByIdAsync(asNew, null, result.CredentialId);
                    Expect.Sequence(new[] { "ORG_BILLING_READ_ONLY", "ORG_MEMBER" }, n.Roles.OrderBy(r => r), "roles copied");
                    Expect.Contains("(rotated ", n.Description, "description marks the rotation");
                }
                var list = new List<string>();
                await foreach (var e in AccessListEntryWorkflows.ListAsync(c, null, PrincipalRef.ApiKey(result.CredentialId))) list.Add(e.CidrBlock);
                Expect.Sequence(new[] { "10.20.0.0/16", "127.0.0.1/32" }, list.OrderBy(e => e, StringComparer.Ordinal), "access list copied");
                var access = await ProjectAccessWorkflows.GetAsync(c, x.Seed.ProjectIds[1], PrincipalRef.ApiKey(result.CredentialId));
                Expect.Sequence(new[] { "GROUP_READ_ONLY" }, access.Single().Roles, "project roles copied");
                var gone = await Expect.Throws<AtlasApiException>(() => ApiKeyWorkflows.GetByIdAsync(c, null, old.Id), "the old key");
                Expect.Equal(404, gone.StatusCode, "old key status");
                Expect.NotContains(string.Join("\n", warnings) + result + x.EventText, entry.PasswordText, "warnings, result and diagnostics");
            }
            finally { await ApiKeyWorkflows.RemoveAsync(c, null, result.CredentialId); }
        }

        private static async Task RotationServiceAccount(CheckContext x)
        {
            using var c = await x.ConnectApiKeyAsync();
            var sa = await ServiceAccountWorkflows.CreateAsync(c, new NewServiceAccountRequest
            {
                Name = CheckContext.Unique("rot-sa"), Description = "net472 rotation", Roles = new[] { "ORG_READ_ONLY" }, SecretExpiresAfterHours = 48,
            });
            try
            {
                var vault = new InMemoryVault(Vault);
                var oldSecret = new NetworkCredential("", sa.Secrets[0].Secret).Password;
                vault.Put(Vault, "sa", sa.ClientId, oldSecret);
                var result = await new CredentialWorkflows(c.Client, vault, new RotationOptions
                {
                    OrganizationId = x.Seed.OrgId, ClientId = sa.ClientId, VaultName = Vault, SecretName = "sa", ExpiresAfterHours = 24,
                }).RunAsync();
                Expect.True(result.Proven, "the new secret was proven");
                Expect.Sequence(new[] { sa.Secrets[0].Id }, result.DeletedIds, "old secret deleted");
                var secrets = await ServiceAccountSecretWorkflows.GetAsync(c, null, sa.ClientId);
                Expect.Sequence(new[] { result.SecretId }, secrets.Select(s => s.Id), "secrets after rotation");
                var readBack = await StoredCredentialReader.ReadAsync(vault, Vault, "sa", CancellationToken.None);
                Expect.True(readBack.Credential is ServiceAccountCredential, "the vault holds a service-account credential");
                using (var asNew = await x.ConnectAsync(readBack.Credential, x.Seed.OrgId))
                    Expect.Equal(x.Seed.OrgId, asNew.OrganizationId, "signed in with the rotated secret");
                var fail = await Expect.Throws<AtlasWorkflowException>(() => x.ConnectServiceAccountAsync(sa.ClientId, CheckContext.Secure(oldSecret)), "the old secret");
                Expect.Equal("AtlasAuthenticationFailed", fail.ErrorId, "old secret error id");
            }
            finally { await ServiceAccountWorkflows.DeleteAsync(c, null, sa.ClientId); }
        }

        // ------------------------------------------------------------------ hand-off

        /// <summary>New-AtlasApiKey -Vault -SecretName, as the cmdlet runs it; then a failing and a locked vault.</summary>
        private static async Task VaultHandoff(CheckContext x)
        {
            using var c = await x.ConnectApiKeyAsync();
            var vault = new InMemoryVault(Vault);
            var desc = CheckContext.Unique("handoff");
            var request = new NewApiKeyRequest { Description = desc, Roles = new[] { "ORG_READ_ONLY" }, ProjectIds = new[] { x.Seed.ProjectIds[0] }, ProjectRoles = new[] { "GROUP_READ_ONLY" } };
            var key = await ApiKeyWorkflows.CreateAsync(c, request, new CredentialHandoff(vault, Vault, "atlas-ok", false), CancellationToken.None);
            try
            {
                Expect.True(key.PrivateKey is null, "the returned key no longer holds the private key");
                Expect.Equal(Vault + "/atlas-ok", key.StoredIn, "StoredIn");
                Expect.Sequence(new[] { "Test SecretStore", "Exists SecretStore/atlas-ok", "Set SecretStore/atlas-ok overwrite=False", "SetInfo SecretStore/atlas-ok" },
                    vault.Calls, "vault calls: credential first, metadata after");
                var entry = vault.Find(Vault, "atlas-ok")!;
                Expect.Equal(key.PublicKey, entry.UserName, "stored user name");
                Expect.Equal(x.Seed.OrgId, entry.Metadata[CredentialMetadata.OrgId] as string, "metadata org id");
                var read = await StoredCredentialReader.ReadAsync(vault, Vault, "atlas-ok", CancellationToken.None);
                using (var asStored = await x.ConnectAsync(read.Credential, read.OrganizationId))
                    Expect.Equal(x.Seed.OrgId, (await OrganizationWorkflows.GetByIdAsync(asStored, x.Seed.OrgId)).Id, "the stored key signs in");
            }
            finally { await ApiKeyWorkflows.RemoveAsync(c, null, key.Id); }

            // Set-Secret fails: the key is deleted again; nothing in the vault.
            var failing = new InMemoryVault(Vault) { FailSetSecret = "The vault refused the secret." };
            var desc2 = CheckContext.Unique("handoff-fail");
            var ex = await Expect.Throws<AtlasWorkflowException>(() => ApiKeyWorkflows.CreateAsync(c, new NewApiKeyRequest { Description = desc2, Roles = new[] { "ORG_READ_ONLY" } },
                new CredentialHandoff(failing, Vault, "atlas-fail", false), CancellationToken.None), "hand-off to a failing vault");
            Expect.Equal(CreationRollback.ErrorStoreFailed, ex.ErrorId, "error id");
            Expect.Contains("The vault refused the secret", ex.Message, "message carries the vault's reason");
            Expect.True(failing.Find(Vault, "atlas-fail") is null, "nothing stored");
            var left = new List<ApiKey>();
            await foreach (var k in ApiKeyWorkflows.ListAsync(c, null, null, new[] { desc2 })) left.Add(k);
            Expect.Equal(0, left.Count, "keys left after the failed hand-off");

            // A locked vault: refused before anything is created.
            Control.Reset();
            var locked = new InMemoryVault(Vault) { Locked = true };
            var vex = await Expect.Throws<AtlasVaultException>(() => ApiKeyWorkflows.CreateAsync(c, new NewApiKeyRequest { Description = CheckContext.Unique("locked"), Roles = new[] { "ORG_READ_ONLY" } },
                new CredentialHandoff(locked, Vault, "atlas-locked", false), CancellationToken.None), "hand-off to a locked vault");
            Expect.Equal(CredentialHandoff.ErrorVaultUnavailable, vex.ErrorId, "locked vault error id");
            Expect.Contains("Nothing was created", vex.Message, "locked vault message");
            Expect.Equal(0, Control.Log().Count, "requests sent for a locked vault");
        }

        // ------------------------------------------------------------------ errors

        /// <summary>
        /// Validation errors read exactly as written: .NET Framework's ArgumentException appends
        /// "\r\nParameter name: X" to Message (.NET Core appends " (Parameter 'X')"); neither may reach the user.
        /// </summary>
        private static async Task ValidationMessages(CheckContext x)
        {
            using var c = await x.ConnectApiKeyAsync();
            Control.Reset();
            var bad = await Expect.Throws<AtlasValidationException>(() => ApiKeyWorkflows.CreateAsync(c, new NewApiKeyRequest
            {
                Description = "x", Roles = new[] { "ORG_READ_ONLY" }, AccessList = new[] { "203.0.113.300" },
            }), "an invalid address");
            Expect.Equal("AtlasInvalidIpAddress", bad.ErrorId, "error id");
            Expect.Equal("AccessListEntry", bad.ParamName, "parameter name");
            Expect.Equal("'203.0.113.300' is not a valid IP address or CIDR block: it is not a valid IPv4 address (four numbers 0-255 separated by dots). Examples: 203.0.113.7, 203.0.113.0/24, 2001:db8::1, 2001:db8::/48.",
                bad.Message, "message");
            Expect.Equal(bad.Message, AtlasErrorInfo.From(bad, "ApiKey").Message, "the message the cmdlet writes");
            Expect.Equal(0, Control.Log().Count, "requests sent for bad input");

            var none = Expect.Throws<AtlasValidationException>(() => ConnectionWorkflows.Resolve(new ConnectRequest(), _ => null), "no credential");
            Expect.Equal("AtlasNoCredential", none.ErrorId, "error id");
            Expect.True(!none.Message.Contains("\n") && !none.Message.Contains("Parameter"), "no parameter suffix: " + Runner.OneLine(none.Message));
            Expect.True(none.Message.EndsWith("MONGODB_ATLAS_CLIENT_SECRET).", StringComparison.Ordinal), "message ends as written: " + Runner.OneLine(none.Message));

            var role = Expect.Throws<AtlasValidationException>(() => ApiKeyWorkflows.Validate(c, new NewApiKeyRequest { Description = "x", Roles = new[] { "GROUP_OWNER" } }), "a project role as org role");
            Expect.Equal("Role", role.ParamName, "parameter name");
            Expect.True(!role.Message.Contains("\n") && !role.Message.Contains("Parameter name"), "no parameter suffix: " + Runner.OneLine(role.Message));
            var noOrg = Expect.Throws<AtlasValidationException>(() => new AtlasConnection(c.Client, null, null).RequireOrganizationId(null), "no organization");
            Expect.True(noOrg.Message.EndsWith("lists the ones this credential sees).", StringComparison.Ordinal), "message ends as written: " + Runner.OneLine(noOrg.Message));
        }

        /// <summary>Atlas's error bodies become AtlasApiException / AtlasWorkflowException messages that say what to do.</summary>
        private static async Task AtlasErrorMessages(CheckContext x)
        {
            using (var c = await x.ConnectApiKeyAsync())
            {
                var nf = await Expect.Throws<AtlasApiException>(() => ApiKeyWorkflows.GetByIdAsync(c, null, MissingId), "a missing key");
                Expect.Equal(404, nf.StatusCode, "status");
                Expect.Equal("API_KEY_NOT_FOUND", nf.ErrorCode, "errorCode");
                Expect.Equal("GET", nf.Method, "method");
                Expect.Contains(MissingId, nf.Path, "path");
                var info = AtlasErrorInfo.From(nf, "ApiKey");
                Expect.Equal("AtlasApiKeyNotFound", info.ErrorId, "error id");
                Expect.Equal(AtlasErrorCategory.ObjectNotFound, info.Category, "category");
            }

            Control.Reset();
            var wrong = "00000000-0000-0000-0000-000000000000";
            var auth = await Expect.Throws<AtlasWorkflowException>(() => x.ConnectApiKeyAsync(null, CheckContext.Secure(wrong)), "a wrong private key");
            Expect.Equal("AtlasAuthenticationFailed", auth.ErrorId, "error id");
            Expect.Contains(x.Seed.PublicKey, auth.Message, "message names the public key");
            Expect.Contains("HTTP 401", auth.Message, "message names the status");
            Expect.NotContains(auth.ToString() + x.EventText, wrong, "error and diagnostics");
            var log = Control.Log();
            Expect.True(log.Count == 2 && log.All(e => e.Status == 401), "challenge and refusal only: " + Expect.Log(log));

            // A key restricted to addresses that are not this machine's: Atlas refuses this address.
            using var owner = await x.ConnectApiKeyAsync();
            var restricted = await ApiKeyWorkflows.CreateAsync(owner, new NewApiKeyRequest
            {
                Description = CheckContext.Unique("restricted"), Roles = new[] { "ORG_READ_ONLY" }, AccessList = new[] { "203.0.113.10" },
            });
            try
            {
                var ip = await Expect.Throws<AtlasWorkflowException>(() => x.ConnectApiKeyAsync(restricted.PublicKey, restricted.PrivateKey!.Copy()), "an address not on the access list");
                Expect.Equal("AtlasAddressNotOnAccessList", ip.ErrorId, "error id");
                Expect.Contains("Add-AtlasAccessListEntry", ip.Message, "message says what to do");
            }
            finally { await ApiKeyWorkflows.RemoveAsync(owner, null, restricted.Id); }
        }

        // ------------------------------------------------------------------ resilience

        /// <summary>429 with Retry-After: the wait Atlas asked for is the wait taken; when retries run out, the error carries it.</summary>
        private static async Task Retry429RetryAfter(CheckContext x)
        {
            using var c = await x.ConnectApiKeyAsync();
            Control.Reset();
            Control.Faults(new JsonObject { ["TooManyRequestsBurst"] = 2, ["RetryAfterSeconds"] = 1 });
            while (x.Events.TryDequeue(out _)) { }
            var org = await OrganizationWorkflows.GetByIdAsync(c, x.Seed.OrgId);
            Expect.Equal(x.Seed.OrgId, org.Id, "organization after two 429s");
            var log = Control.Log();
            Expect.Sequence(new[] { 429, 429, 200 }, log.Select(e => e.Status), "statuses (" + Expect.Log(log) + ")");
            Expect.True(log.Select(e => e.Path).Distinct().Count() == 1, "the same request, retried");
            // The decided wait (not a measured one): Retry-After plus the handler's small pad, not the 10 ms backoff base.
            var retries = x.Events.Select(e => Regex.Match(e.Message ?? "", @"^retry in ([0-9.]+)s after 429 \(Retry-After 1s\)$"))
                .Where(m => m.Success).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            Expect.True(retries.Count == 2 && retries.All(s => s >= 1 && s < 1.5), "two retries waiting for Retry-After 1s: " + x.EventText);

            Control.Reset();
            Control.Faults(new JsonObject { ["TooManyRequestsBurst"] = 10, ["RetryAfterSeconds"] = 1 });
            var ex = await Expect.Throws<AtlasApiException>(() => OrganizationWorkflows.GetByIdAsync(c, x.Seed.OrgId), "429 beyond the retries");
            Expect.Equal(429, ex.StatusCode, "status");
            Expect.Equal((TimeSpan?)TimeSpan.FromSeconds(1), ex.RetryAfter, "RetryAfter");
            var info = AtlasErrorInfo.From(ex);
            Expect.Equal("AtlasRateLimited", info.ErrorId, "error id");
            Expect.Equal(AtlasErrorCategory.LimitsExceeded, info.Category, "category");
            Expect.Equal(3, Control.Log().Count, "attempts (1 + MaxRetryAttempts 2)");

            Control.Reset();
            Control.Faults(new JsonObject { ["ServiceUnavailableBurst"] = 1, ["ServiceUnavailableRetryAfterSeconds"] = 1 });
            await OrganizationWorkflows.GetByIdAsync(c, x.Seed.OrgId);
            Expect.Sequence(new[] { 503, 200 }, Control.Log().Select(e => e.Status), "503 then success");
        }

        /// <summary>
        /// A dropped connection on a GET is retried: the net472 build's resilience handler recognises the failure as
        /// transient (on Mono, Mono's SocketsHttpHandler exceptions; .NET Framework's WebException shapes are not run here).
        /// </summary>
        private static async Task RetryDroppedConnection(CheckContext x)
        {
            using var c = await x.ConnectApiKeyAsync();
            Control.Reset();
            Control.Faults(new JsonObject { ["Drop"] = new JsonObject { ["method"] = "GET", ["path"] = $"/orgs/{x.Seed.OrgId}", ["timing"] = "BeforeHandler" } });
            var org = await OrganizationWorkflows.GetByIdAsync(c, x.Seed.OrgId);
            Expect.Equal(x.Seed.OrgId, org.Id, "organization after a dropped connection");
            var log = Control.Log();
            Expect.True(log.Count == 2 && log[0].Dropped && log[1].Status == 200, "dropped, then answered: " + Expect.Log(log));
        }

        /// <summary>
        /// The answer to the create POST is lost after Atlas created the key: the workflow checks instead of guessing,
        /// deletes the key whose private key it never saw, and creates it once more. One key is left, and it works.
        /// </summary>
        private static async Task LostCreateAnswer(CheckContext x)
        {
            using var c = await x.ConnectApiKeyAsync();
            Control.Reset();
            Control.Faults(new JsonObject { ["Drop"] = new JsonObject { ["method"] = "POST", ["path"] = $"/orgs/{x.Seed.OrgId}/apiKeys", ["timing"] = "AfterHandler" } });
            var desc = CheckContext.Unique("lost");
            var key = await ApiKeyWorkflows.CreateAsync(c, new NewApiKeyRequest { Description = desc, Roles = new[] { "ORG_READ_ONLY" } });
            try
            {
                var log = Control.Log();
                var posts = log.Where(e => e.Method == "POST" && e.Path == Api($"/orgs/{x.Seed.OrgId}/apiKeys")).ToList();
                Expect.True(posts.Count == 2 && posts[0].Dropped && posts[1].Status == 200, "the create sent twice, the first answer lost: " + Expect.Log(log));
                Expect.Equal(1, log.Count(e => e.Method == "DELETE"), "the orphan deleted (" + Expect.Log(log) + ")");
                var same = new List<ApiKey>();
                await foreach (var k in ApiKeyWorkflows.ListAsync(c, null, null, new[] { desc })) same.Add(k);
                Expect.Sequence(new[] { key.Id }, same.Select(k => k.Id), "keys with that description");
                using (var asNew = await x.ConnectApiKeyAsync(key.PublicKey, key.PrivateKey!.Copy()))
                    Expect.Equal(x.Seed.OrgId, asNew.OrganizationId, "the key that was returned signs in");
            }
            finally { await ApiKeyWorkflows.RemoveAsync(c, null, key.Id); }
        }

        // ------------------------------------------------------------------ secrets

        /// <summary>
        /// SecureStrings from Atlas's JSON (built through the pointer constructor) sign in; comparisons and copies work;
        /// no secret appears in ToString, errors or diagnostics.
        /// </summary>
        private static async Task SecureStringHandling(CheckContext x)
        {
            var text = "Prïvate-ключ-\U0001F511-" + Guid.NewGuid().ToString("N");
            using (var a = SecretText.FromString(text))
            using (var b = SecretText.FromString(text))
            using (var d = SecretText.FromString(text + "x"))
            {
                Expect.True(a.IsReadOnly(), "FromString makes the SecureString read-only");
                Expect.Equal(text.Length, a.Length, "length in UTF-16 units");
                Expect.True(SecretText.AreEqual(a, b), "equal secrets compare equal");
                Expect.True(!SecretText.AreEqual(a, d), "different secrets compare different");
                Expect.Equal(text, new NetworkCredential("", a).Password, "round trip");
            }

            using var c = await x.ConnectApiKeyAsync();
            var key = await ApiKeyWorkflows.CreateAsync(c, new NewApiKeyRequest { Description = CheckContext.Unique("secure"), Roles = new[] { "ORG_READ_ONLY" } });
            try
            {
                var privateKey = new NetworkCredential("", key.PrivateKey).Password;
                Expect.True(Guid.TryParse(privateKey, out _), "the private key read from JSON into a SecureString is intact");
                var credential = new ApiKeyCredential(key.PublicKey, key.PrivateKey!.Copy());
                Expect.True(credential.PrivateKey.IsReadOnly(), "credential secrets are read-only");
                using (var asNew = await x.ConnectAsync(credential, null))
                {
                    Expect.Equal(x.Seed.OrgId, asNew.OrganizationId, "the new key signs in");
                    Expect.NotContains(asNew.ToString() + credential + key + asNew.Client.Credential, privateKey, "ToString of connection, credential and key");
                }
                Expect.NotContains(x.EventText, privateKey, "diagnostics");
                Expect.NotContains(x.EventText, x.Seed.PrivateKey, "diagnostics");
            }
            finally { await ApiKeyWorkflows.RemoveAsync(c, null, key.Id); }
        }

        // ------------------------------------------------------------------ cancellation

        /// <summary>
        /// Stop (Ctrl+C, a runbook's Stop) after the key was created: the workflow deletes it again with a token of its
        /// own and says it stopped. Then a call in flight is abandoned when its token is cancelled, and not retried.
        /// </summary>
        private static async Task Cancellation(CheckContext x)
        {
            using var c = await x.ConnectApiKeyAsync();
            Control.Reset();
            var desc = CheckContext.Unique("stopped");
            using (var cts = new CancellationTokenSource())
            {
                // Ctrl+C once the key exists and its private key is in the vault, before the access list is sent.
                var vault = new InMemoryVault(Vault) { AfterSet = () => cts.Cancel() };
                var ex = await Expect.Throws<AtlasWorkflowException>(() => ApiKeyWorkflows.CreateAsync(c,
                    new NewApiKeyRequest { Description = desc, Roles = new[] { "ORG_READ_ONLY" }, AccessList = new[] { "203.0.113.9" } },
                    new CredentialHandoff(vault, Vault, "atlas-stopped", false), cts.Token), "a create stopped after the key was made");
                Expect.Equal(CreationRollback.ErrorStopped, ex.ErrorId, "error id");
                Expect.Contains("was deleted again", ex.Message, "message says the key is gone");
                Expect.True(vault.Find(Vault, "atlas-stopped") is null, "the vault entry of the deleted key is removed too");
            }
            var log = Control.Log();
            Expect.Equal(0, log.Count(e => e.Path.EndsWith("/accessList", StringComparison.Ordinal)), "no access-list request after the stop (" + Expect.Log(log) + ")");
            Expect.Equal(1, log.Count(e => e.Method == "DELETE" && e.Status == 204), "the key deleted again (" + Expect.Log(log) + ")");
            var left = new List<ApiKey>();
            await foreach (var k in ApiKeyWorkflows.ListAsync(c, null, null, new[] { desc })) left.Add(k);
            Expect.Equal(0, left.Count, "keys left after the stop");

            Control.Reset();
            Control.Faults(new JsonObject { ["LatencyMs"] = 3000 });
            using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
                await Expect.Throws<OperationCanceledException>(() => OrganizationWorkflows.GetByIdAsync(c, x.Seed.OrgId, cts.Token), "a cancelled call");
            Control.Faults(new JsonObject { ["LatencyMs"] = 0 });
            // Let the abandoned request finish in the emulator so that it does not land in the next check's log.
            for (int i = 0; i < 60 && Control.Log().Count == 0; i++) await Task.Delay(100);
            var after = Control.Log();
            Expect.True(after.Count <= 1, "the cancelled call was not retried: " + Expect.Log(after));
        }
    }
}
