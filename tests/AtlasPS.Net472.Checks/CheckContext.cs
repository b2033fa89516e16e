using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Security;
using System.Threading.Tasks;
using AtlasPS.Core;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Net472.Checks
{
    /// <summary>One check's view of the emulator: seeded credentials, connections as Connect-Atlas makes them, diagnostics.</summary>
    internal sealed class CheckContext
    {
        public CheckContext(Seed seed) { Seed = seed; }

        public Seed Seed { get; }
        /// <summary>Every HTTP attempt of every connection this check made (already redacted by the core).</summary>
        public ConcurrentQueue<AtlasDiagnosticEvent> Events { get; } = new ConcurrentQueue<AtlasDiagnosticEvent>();

        public string EventText => string.Join("\n", Events.Select(e => e.ToString()));

        public static SecureString Secure(string s) => SecretText.FromString(s);

        private void Options(AtlasClientOptions o)
        {
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.MaxRetryAttempts = 2;
            o.RequestTimeout = TimeSpan.FromSeconds(30);
            o.Diagnostics = Events.Enqueue;
            o.UserAgentSuffix = "net472-checks";
        }

        /// <summary>Connect-Atlas -PublicKey -PrivateKey (the seeded ORG_OWNER key unless given).</summary>
        public Task<AtlasConnection> ConnectApiKeyAsync(string? publicKey = null, SecureString? privateKey = null) =>
            ConnectionWorkflows.ConnectAsync(new ConnectRequest
            {
                PublicKey = publicKey ?? Seed.PublicKey,
                PrivateKey = privateKey ?? Secure(Seed.PrivateKey),
                BaseUri = Seed.BaseUri,
                ConfigureOptions = Options,
            }, _ => null);

        /// <summary>Connect-Atlas -ClientId -ClientSecret (the seeded ORG_OWNER service account unless given).</summary>
        public Task<AtlasConnection> ConnectServiceAccountAsync(string? clientId = null, SecureString? secret = null) =>
            ConnectionWorkflows.ConnectAsync(new ConnectRequest
            {
                ClientId = clientId ?? Seed.ClientId,
                ClientSecret = secret ?? Secure(Seed.ClientSecret),
                BaseUri = Seed.BaseUri,
                ConfigureOptions = Options,
            }, _ => null);

        /// <summary>Connect with a credential read back from a vault (Connect-Atlas -Vault -SecretName).</summary>
        public Task<AtlasConnection> ConnectAsync(AtlasCredential credential, string? organizationId)
        {
            var request = new ConnectRequest { BaseUri = Seed.BaseUri, OrganizationId = organizationId, ConfigureOptions = Options };
            switch (credential)
            {
                case ApiKeyCredential k: request.PublicKey = k.PublicKey; request.PrivateKey = k.PrivateKey; break;
                case ServiceAccountCredential s: request.ClientId = s.ClientId; request.ClientSecret = s.ClientSecret; break;
                default: throw new ArgumentException("Unexpected credential " + credential);
            }
            return ConnectionWorkflows.ConnectAsync(request, _ => null);
        }

        /// <summary>A description no other check uses.</summary>
        public static string Unique(string what) => "net472 " + what + " " + Guid.NewGuid().ToString("N").Substring(0, 8);
    }
}
