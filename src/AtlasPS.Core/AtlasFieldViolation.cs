using System;
using System.Collections.Generic;

namespace AtlasPS.Core
{
    public sealed class AtlasFieldViolation
    {
        public AtlasFieldViolation(string field, string description) { Field = field; Description = description; }
        public string Field { get; }
        public string Description { get; }
        public override string ToString() => Field + ": " + Description;
    }
}
