using System;
using System.Collections.Generic;
using System.Linq;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Dsc
{
    /// <summary>
    /// Why a DSC resource is not in the desired state: a stable Code ("AtlasApiKey:AccessList:Missing") and a
    /// phrase naming the difference ("203.0.113.10 is not on the access list."). Never holds a secret.
    /// Azure Machine Configuration shows these as the reasons a machine is non-compliant.
    /// </summary>
    public sealed class PlanReason
    {
        public PlanReason(string code, string phrase) { Code = code; Phrase = phrase; }
        public string Code { get; }
        public string Phrase { get; }
        public override string ToString() => Code + " " + Phrase;
    }
}
