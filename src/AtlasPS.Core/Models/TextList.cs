using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace AtlasPS
{
    /// <summary>
    /// A read-only list of strings that prints as "a; b; c". Export-Csv writes a property value with ToString(), so a
    /// column holds the items themselves (not "System.String[]"); ConvertTo-Json writes a JSON array; tables show {a, b}.
    /// </summary>
    public sealed class TextList : ReadOnlyCollection<string>
    {
        public static readonly TextList None = new TextList(Array.Empty<string>());
        public TextList(IEnumerable<string> items) : base((items ?? Enumerable.Empty<string>()).ToList()) { }
        public override string ToString() => string.Join("; ", this);
    }
}
