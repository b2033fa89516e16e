using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using AtlasPS.Core.Resources;

namespace AtlasPS.Core.Validation
{
    /// <summary>
    /// Checks input before any request is sent. Every refusal is an AtlasValidationException with a stable
    /// ErrorId and a message that says what is wrong and what to type instead.
    /// </summary>
    public static class AtlasInput
    {
        public static readonly IReadOnlyList<string> OrganizationRoles = new[]
        {
            "ORG_OWNER", "ORG_MEMBER", "ORG_GROUP_CREATOR", "ORG_BILLING_ADMIN", "ORG_BILLING_READ_ONLY", "ORG_STREAM_PROCESSING_ADMIN", "ORG_READ_ONLY",
        };

        /// <summary>
        /// The project roles AtlasPS knows (MongoDB's documented GROUP_* roles; the spec declares project roles as free
        /// strings). Project roles are checked against this list before any request, as organization roles are.
        /// </summary>
        public static readonly IReadOnlyList<string> KnownProjectRoles = new[]
        {
            "GROUP_OWNER", "GROUP_READ_ONLY", "GROUP_CLUSTER_MANAGER", "GROUP_DATA_ACCESS_ADMIN", "GROUP_DATA_ACCESS_READ_ONLY",
            "GROUP_DATA_ACCESS_READ_WRITE", "GROUP_DATABASE_ACCESS_ADMIN", "GROUP_BACKUP_MANAGER", "GROUP_OBSERVABILITY_VIEWER",
            "GROUP_SEARCH_INDEX_EDITOR", "GROUP_STREAM_PROCESSING_OWNER", "GROUP_NETWORK_ACCESS_MANAGER",
        };

        public const int MaxDescriptionLength = 250;
        public const int MaxNameLength = 64;
        public const int MaxSecretLifetimeHours = 8760;

        private static readonly Regex Hex24 = new Regex("^[a-f0-9]{24}$", RegexOptions.CultureInvariant);
        private static readonly Regex PublicKeyShape = new Regex("^[a-z]{8}$", RegexOptions.CultureInvariant);
        private static readonly Regex ClientIdShape = new Regex("^mdb_sa_id_[a-fA-F0-9]{24}$", RegexOptions.CultureInvariant);
        private static readonly Regex RoleShape = new Regex("^[A-Z][A-Z0-9_]*$", RegexOptions.CultureInvariant);
        private static readonly Regex AtlasName = new Regex(@"^[\p{L}\p{N}\-_.(),:&@+']{1,64}$", RegexOptions.CultureInvariant);
        private static readonly Regex ServiceAccountText = new Regex(@"^[\p{L}\p{N}\-_.,' ]*$", RegexOptions.CultureInvariant);

        // ---- principals
        /// <summary>
        /// The error for a command that acts for an API key or a service account when neither was given (no -ApiKeyId, no
        /// -ClientId, nothing piped that carries one): names both parameters and the pipeline, instead of PowerShell's
        /// "Parameter set cannot be resolved".
        /// </summary>
        public static AtlasValidationException PrincipalMissing(string commandName) =>
            new AtlasValidationException("AtlasPrincipalMissing",
                $"{commandName} needs the API key or service account it acts for: give -ApiKeyId <key id> (Get-AtlasApiKey lists them) " +
                $"or -ClientId <client id> (Get-AtlasServiceAccount lists them), or pipe API key or service account objects in " +
                $"(e.g. Get-AtlasApiKey -ApiKeyId <id> | {commandName} ...).", "ApiKeyId");

        // ---- echoing input in messages
        /// <summary>Longest piece of a user's input repeated in a message.</summary>
        public const int MaxEchoLength = 64;

        /// <summary>
        /// The input in quotes for an error message, cut to <see cref="MaxEchoLength"/> characters with its length said,
        /// so that a 10,000-character value does not make a 10,000-character message. Control characters are shown as '?'.
        /// </summary>
        public static string Quote(string? value)
        {
            if (value is null) return "''";
            var shown = new string(value.Take(MaxEchoLength).Select(c => char.IsControl(c) ? '?' : c).ToArray());
            return value.Length <= MaxEchoLength
                ? "'" + shown + "'"
                : "'" + shown + "...' (" + value.Length.ToString(CultureInfo.InvariantCulture) + " characters)";
        }

        // ---- identifiers
        public static string OrganizationId(string? value, string parameter = "OrganizationId") => HexId(value, parameter, "organization", "Get-AtlasOrganization");
        public static string ProjectId(string? value, string parameter = "ProjectId") => HexId(value, parameter, "project", "Get-AtlasProject");
        public static string InvoiceId(string? value, string parameter = "InvoiceId") => HexId(value, parameter, "invoice", "Get-AtlasInvoice");
        public static string SecretId(string? value, string parameter = "SecretId") => HexId(value, parameter, "secret", "Get-AtlasServiceAccount -ClientId <id> | Select-Object -ExpandProperty Secrets");

        public static string ApiKeyId(string? value, string parameter = "ApiKeyId")
        {
            string v = Required(value, parameter, "API key id");
            if (PublicKeyShape.IsMatch(v))
                throw new AtlasValidationException("AtlasPublicKeyGivenAsKeyId",
                    $"{Quote(v)} looks like an API key's public key, but -{parameter} takes the key's id (24 hexadecimal characters). Use (Get-AtlasApiKey -PublicKey {v}).Id, or pipe Get-AtlasApiKey -PublicKey {v} into this command.", parameter, v);
            if (ClientIdShape.IsMatch(v))
                throw new AtlasValidationException("AtlasClientIdGivenAsKeyId",
                    $"{Quote(v)} is a service account's client id, but -{parameter} takes an API key id. Use -ClientId {v} for service accounts.", parameter, v);
            return HexId(v, parameter, "API key", "Get-AtlasApiKey");
        }

        public static string ClientId(string? value, string parameter = "ClientId")
        {
            string v = Required(value, parameter, "client id");
            if (ClientIdShape.IsMatch(v)) return v;
            if (Hex24.IsMatch(v))
                throw new AtlasValidationException("AtlasKeyIdGivenAsClientId",
                    $"{Quote(v)} looks like an API key or object id, but -{parameter} takes a service account's client id (mdb_sa_id_ followed by 24 hexadecimal characters). Use -ApiKeyId {v} for API keys, or find the client id with Get-AtlasServiceAccount.", parameter, v);
            throw new AtlasValidationException("AtlasInvalidClientId",
                $"{Quote(v)} is not a service account client id. A client id is 'mdb_sa_id_' followed by 24 hexadecimal characters, e.g. mdb_sa_id_1234567890abcdef12345678; Get-AtlasServiceAccount lists them.", parameter, v);
        }

        private static string HexId(string? value, string parameter, string what, string finder)
        {
            string v = Required(value, parameter, what + " id");
            if (Hex24.IsMatch(v)) return v;
            if (v.Length == 24 && Hex24.IsMatch(v.ToLowerInvariant())) return v.ToLowerInvariant();
            throw new AtlasValidationException("AtlasInvalid" + Pascal(what) + "Id",
                $"{Quote(v)} is not a valid {what} id: Atlas {what} ids are 24 hexadecimal characters (0-9, a-f), e.g. 5f1a2b3c4d5e6f7a8b9c0d1e. {finder} lists them.", parameter, v);
        }

        private static string Required(string? value, string parameter, string what)
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new AtlasValidationException("AtlasMissingValue", $"-{parameter} is empty. Give the {what}.", parameter);
            return value!.Trim();
        }

        private static string Pascal(string s) =>
            string.Concat(s.Split(' ').Select(w => w.Length == 0 ? w : (w.Length <= 3 && w.ToUpperInvariant() == w ? w : char.ToUpperInvariant(w[0]) + w.Substring(1))));

        // ---- roles
        /// <summary>Organization roles: the seven ORG_* values, case-insensitive, de-duplicated.</summary>
        public static IReadOnlyList<string> OrgRoles(IEnumerable<string>? roles, string parameter = "Role")
        {
            var list = (roles ?? Enumerable.Empty<string>()).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim().ToUpperInvariant()).Distinct().ToList();
            if (list.Count == 0)
                throw new AtlasValidationException("AtlasMissingRole", $"Give at least one organization role with -{parameter}: {string.Join(", ", OrganizationRoles)}.", parameter);
            foreach (var r in list)
            {
                if (OrganizationRoles.Contains(r)) continue;
                if (r.StartsWith("GROUP_", StringComparison.Ordinal))
                    throw new AtlasValidationException("AtlasProjectRoleOnOrganization",
                        $"{Quote(r)} is a project role; -{parameter} here takes organization roles ({string.Join(", ", OrganizationRoles)}). Grant project roles with Grant-AtlasProjectAccess -ProjectId <id> -Role {(r.Length <= MaxEchoLength ? r : "<role>")}.", parameter, r);
                throw new AtlasValidationException("AtlasUnknownOrganizationRole",
                    $"{Quote(r)} is not an organization role. Valid roles: {string.Join(", ", OrganizationRoles)}.", parameter, r);
            }
            return list;
        }

        /// <summary>Project roles: free strings in the spec, so any GROUP_-style name passes; ORG_* roles are refused.</summary>
        public static IReadOnlyList<string> ProjectRoles(IEnumerable<string>? roles, string parameter = "Role", bool allowEmpty = false)
        {
            var list = (roles ?? Enumerable.Empty<string>()).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim().ToUpperInvariant()).Distinct().ToList();
            if (list.Count == 0 && !allowEmpty)
                throw new AtlasValidationException("AtlasMissingRole", $"Give at least one project role with -{parameter}, e.g. GROUP_READ_ONLY. Documented roles: {string.Join(", ", KnownProjectRoles)}.", parameter);
            foreach (var r in list)
            {
                if (r.StartsWith("ORG_", StringComparison.Ordinal))
                    throw new AtlasValidationException("AtlasOrganizationRoleOnProject",
                        $"{Quote(r)} is an organization role; -{parameter} here takes project roles such as {string.Join(", ", KnownProjectRoles.Take(4))}. Set organization roles with Set-AtlasApiKey -Role or Set-AtlasServiceAccount -Role.", parameter, r);
                if (!RoleShape.IsMatch(r))
                    throw new AtlasValidationException("AtlasInvalidProjectRole",
                        $"{Quote(r)} is not a project role name: roles are upper-case words joined by underscores, e.g. GROUP_READ_ONLY. Valid roles: {string.Join(", ", KnownProjectRoles)}.", parameter, r);
                if (!KnownProjectRoles.Contains(r))
                    throw new AtlasValidationException("AtlasUnknownProjectRole",
                        $"{Quote(r)} is not a project role. Valid roles: {string.Join(", ", KnownProjectRoles)}.", parameter, r);
            }
            return list;
        }

        // ---- text
        public static string Description(string? value, string parameter = "Description")
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new AtlasValidationException("AtlasEmptyDescription", $"-{parameter} is empty. Atlas needs 1 to {MaxDescriptionLength} characters that say what the credential is for, e.g. 'cost-tool (read-only billing)'.", parameter);
            if (value!.Length > MaxDescriptionLength)
                throw new AtlasValidationException("AtlasDescriptionTooLong", $"-{parameter} is {value.Length} characters long; Atlas allows at most {MaxDescriptionLength}. Shorten it.", parameter);
            return value;
        }

        /// <summary>Organization and project names: 1..64 letters, digits and - _ . ( ) , : &amp; @ + '.</summary>
        public static string AtlasObjectName(string? value, string parameter = "Name")
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new AtlasValidationException("AtlasEmptyName", $"-{parameter} is empty. Give a name of 1 to {MaxNameLength} characters.", parameter);
            if (value!.Length > MaxNameLength)
                throw new AtlasValidationException("AtlasNameTooLong", $"-{parameter} is {value.Length} characters long; Atlas allows at most {MaxNameLength}.", parameter);
            if (!AtlasName.IsMatch(value))
                throw new AtlasValidationException("AtlasInvalidName", $"-{parameter} {Quote(value)} has characters Atlas does not allow in names: use letters, digits and - _ . ( ) , : & @ + ' (no spaces).", parameter, value);
            return value;
        }

        public static string ServiceAccountName(string? value, string parameter = "Name")
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new AtlasValidationException("AtlasEmptyName", $"-{parameter} is empty. Give the service account a name of 1 to {MaxNameLength} characters.", parameter);
            if (value!.Length > MaxNameLength)
                throw new AtlasValidationException("AtlasNameTooLong", $"-{parameter} is {value.Length} characters long; Atlas allows at most {MaxNameLength}.", parameter);
            if (!ServiceAccountText.IsMatch(value))
                throw new AtlasValidationException("AtlasInvalidName", $"-{parameter} {Quote(value)} has characters Atlas does not allow: use letters, digits, spaces and - _ . , '.", parameter, value);
            return value;
        }

        public static string ServiceAccountDescription(string? value, string parameter = "Description")
        {
            string v = Description(value, parameter);
            if (!ServiceAccountText.IsMatch(v))
                throw new AtlasValidationException("AtlasInvalidDescription", $"-{parameter} has characters Atlas does not allow in service account descriptions: use letters, digits, spaces and - _ . , '.", parameter);
            return v;
        }

        public static int SecretLifetimeHours(int hours, string parameter = "SecretExpiresAfterHours")
        {
            if (hours <= 0 || hours > MaxSecretLifetimeHours)
                throw new AtlasValidationException("AtlasInvalidSecretLifetime",
                    $"-{parameter} {hours} is out of range: give a number of hours from 1 to {MaxSecretLifetimeHours} (365 days), within your organization's limit (at least 8 hours is typical), e.g. 720 for 30 days.", parameter, hours);
            return hours;
        }

        /// <summary>
        /// The roles a new credential gets in the (validated) projects it is given (New-AtlasApiKey, New-AtlasServiceAccount):
        /// -ProjectRole is required with -ProjectId and refused without it.
        /// </summary>
        /// <param name="toWhat">How the message ends the sentence "Give the projects ... with -ProjectId", e.g. "to assign the key to".</param>
        public static IReadOnlyList<string> ProjectRolesForProjects(IReadOnlyList<string> projectIds, IEnumerable<string>? projectRoles, string toWhat)
        {
            if (projectIds.Count > 0) return ProjectRoles(projectRoles, "ProjectRole");
            if (projectRoles != null && projectRoles.Any(r => !string.IsNullOrWhiteSpace(r)))
                throw new AtlasValidationException("AtlasProjectRoleWithoutProject",
                    $"-ProjectRole was given without -ProjectId. Give the projects {toWhat} with -ProjectId, or leave out -ProjectRole.", "ProjectRole");
            return Array.Empty<string>();
        }

        // ---- access-list entries
        /// <summary>
        /// Parses an address or CIDR block into the canonical form Atlas stores. "/32" and "/128" become addresses;
        /// a CIDR with host bits set is refused with its canonical form suggested.
        /// </summary>
        public static AccessListSpec AccessListEntry(string? value, string parameter = "IpAddress")
        {
            string v = Required(value, parameter, "IP address or CIDR block");
            int slash = v.IndexOf('/');
            string addrText = slash < 0 ? v : v.Substring(0, slash);
            if (addrText.IndexOf('%') >= 0)
                throw Invalid(v, parameter, "zone indexes (%...) are not allowed");
            if (!TryParseStrict(addrText, out var addr))
                throw Invalid(v, parameter, addrText.Contains(":") ? "it is not a valid IPv6 address" : "it is not a valid IPv4 address (four numbers 0-255 separated by dots)");
            int maxBits = addr.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
            if (addr.AddressFamily == AddressFamily.InterNetworkV6 && addr.IsIPv4MappedToIPv6)
                throw Invalid(v, parameter, $"it is an IPv4-mapped IPv6 address; give the IPv4 address {addr.MapToIPv4()} instead");
            if (slash < 0) return new AccessListSpec { IpAddress = Canonical(addr) };

            string bitsText = v.Substring(slash + 1);
            if (!int.TryParse(bitsText, NumberStyles.None, CultureInfo.InvariantCulture, out int bits) || bits < 0 || bits > maxBits || bitsText.Length > 3)
                throw Invalid(v, parameter, $"the prefix length after '/' must be a whole number from 0 to {maxBits}");
            if (bits == maxBits) return new AccessListSpec { IpAddress = Canonical(addr) };
            var network = Mask(addr, bits);
            if (!network.Equals(addr))
                throw new AtlasValidationException("AtlasNonCanonicalCidr",
                    $"{Quote(v)} is not a canonical CIDR block: the bits after the /{bits} prefix must be zero. Did you mean {Canonical(network)}/{bits}? (or {Canonical(addr)} for that single address)", parameter, v);
            return new AccessListSpec { CidrBlock = Canonical(network) + "/" + bits.ToString(CultureInfo.InvariantCulture) };
        }

        /// <summary>The CIDR block Atlas reports for a single address: /32 for IPv4, /128 for IPv6.</summary>
        public static string CidrOf(string ipAddress) => ipAddress + (ipAddress.IndexOf(':') >= 0 ? "/128" : "/32");

        /// <summary>Many entries, validated and de-duplicated (by canonical form), order kept.</summary>
        public static IReadOnlyList<AccessListSpec> AccessListEntries(IEnumerable<string>? values, string parameter = "IpAddress")
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var list = new List<AccessListSpec>();
            foreach (var v in values ?? Enumerable.Empty<string>())
            {
                var spec = AccessListEntry(v, parameter);
                if (seen.Add(spec.Entry)) list.Add(spec);
            }
            return list;
        }

        private static AtlasValidationException Invalid(string v, string parameter, string why) =>
            new AtlasValidationException("AtlasInvalidIpAddress",
                $"{Quote(v)} is not a valid IP address or CIDR block: {why}. Examples: 203.0.113.7, 203.0.113.0/24, 2001:db8::1, 2001:db8::/48.", parameter, v);

        private static bool TryParseStrict(string text, out IPAddress addr)
        {
            addr = IPAddress.None;
            if (text.Length == 0) return false;
            if (text.IndexOf(':') >= 0)
            {
                if (!IPAddress.TryParse(text, out var a) || a.AddressFamily != AddressFamily.InterNetworkV6) return false;
                addr = a;
                return true;
            }
            // IPAddress.TryParse accepts "1", "1.2" and octal/hex forms; Atlas wants four decimal octets.
            var parts = text.Split('.');
            if (parts.Length != 4) return false;
            var bytes = new byte[4];
            for (int i = 0; i < 4; i++)
            {
                var p = parts[i];
                if (p.Length == 0 || p.Length > 3 || (p.Length > 1 && p[0] == '0') || !p.All(c => c >= '0' && c <= '9')) return false;
                int n = int.Parse(p, CultureInfo.InvariantCulture);
                if (n > 255) return false;
                bytes[i] = (byte)n;
            }
            addr = new IPAddress(bytes);
            return true;
        }

        private static IPAddress Mask(IPAddress addr, int bits)
        {
            var b = addr.GetAddressBytes();
            for (int i = 0; i < b.Length; i++)
            {
                int keep = Math.Max(0, Math.Min(8, bits - i * 8));
                b[i] = (byte)(b[i] & (keep == 0 ? 0 : 0xFF << (8 - keep)));
            }
            return new IPAddress(b);
        }

        /// <summary>IPv4 dotted; IPv6 compressed lower-case (RFC 5952), as IPAddress.ToString gives it.</summary>
        private static string Canonical(IPAddress addr) => addr.ToString().ToLowerInvariant();

        /// <summary>True when the address falls inside the entry (address or CIDR block).</summary>
        public static bool Contains(string entry, IPAddress address)
        {
            var spec = AccessListEntry(entry, "Entry");
            if (spec.IpAddress != null) return IPAddress.Parse(spec.IpAddress).Equals(address);
            int slash = spec.CidrBlock!.IndexOf('/');
            var net = IPAddress.Parse(spec.CidrBlock.Substring(0, slash));
            int bits = int.Parse(spec.CidrBlock.Substring(slash + 1), CultureInfo.InvariantCulture);
            if (net.AddressFamily != address.AddressFamily) return false;
            return Mask(address, bits).Equals(net);
        }
    }
}
