using System;
using System.Collections.Generic;
using System.Linq;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Dsc
{
    /// <summary>Ensure of a DSC resource.</summary>
    public enum DscEnsure { Present, Absent }
}
