using System;
using System.Collections.Generic;

namespace AtlasPS.Core.Workflows
{
    /// <summary>
    /// What failed in <see cref="AccessProvisioning"/>: the step, and for the project step each failed project with its
    /// error, the projects not started after a connection loss, and how many succeeded. The message is a short summary;
    /// the inner exception is the first failure (an AtlasApiException when Atlas answered).
    /// </summary>
    internal sealed class AccessProvisioningException : Exception
    {
        public AccessProvisioningException(AccessProvisioning.Step step, string message, Exception first,
            IReadOnlyList<(string ProjectId, Exception Error)> failed, IReadOnlyList<string> notStarted, int done)
            : base(message, first)
        {
            Step = step; Failed = failed; NotStarted = notStarted; Done = done;
        }

        public AccessProvisioning.Step Step { get; }
        public IReadOnlyList<(string ProjectId, Exception Error)> Failed { get; }
        public IReadOnlyList<string> NotStarted { get; }
        public int Done { get; }
    }
}
