using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AtlasPS.Core.Http;
using AtlasPS.Core.Validation;

namespace AtlasPS.Commands
{
    /// <summary>Small adapters shared by the service-account, invoice and cluster cmdlets (no decisions here).</summary>
    internal static class ServiceAccountCmdletSupport
    {
        /// <summary>-First/-Skip/-IncludeTotalCount onto the core's PageRequest.</summary>
        public static PageRequest ToPageRequest(PSCmdlet cmdlet, PagingParameters paging)
        {
            var request = new PageRequest
            {
                First = paging.First == ulong.MaxValue ? (long?)null : (long)Math.Min(paging.First, long.MaxValue),
                Skip = (long)Math.Min(paging.Skip, long.MaxValue),
            };
            if (paging.IncludeTotalCount.IsPresent)
                request.OnTotalCount = total => cmdlet.WriteObject(paging.NewTotalCount((ulong)Math.Max(0, total), 0.9));
            return request;
        }
    }

    /// <summary>Tab completion for -Role: the seven organization roles.</summary>
    public sealed class ServiceAccountOrgRoleCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = (wordToComplete ?? "").Trim('\'', '"');
            return AtlasInput.OrganizationRoles
                .Where(r => r.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(r => new CompletionResult(r, r, CompletionResultType.ParameterValue, r));
        }
    }

    /// <summary>Tab completion for -ProjectRole: the documented project roles.</summary>
    public sealed class ServiceAccountProjectRoleCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = (wordToComplete ?? "").Trim('\'', '"');
            return AtlasInput.KnownProjectRoles
                .Where(r => r.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(r => new CompletionResult(r, r, CompletionResultType.ParameterValue, r));
        }
    }
}
