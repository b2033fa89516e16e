using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Workflows
{
    /// <summary>The outcome of one item of a fan-out: a value, or the error of that item alone.</summary>
    public sealed class ItemResult<TIn, TOut>
    {
        internal ItemResult(TIn input, TOut? value, Exception? error) { Input = input; Value = value; Error = error; }
        public TIn Input { get; }
        public TOut? Value { get; }
        public Exception? Error { get; }
        public bool Succeeded => Error is null;
    }
}
