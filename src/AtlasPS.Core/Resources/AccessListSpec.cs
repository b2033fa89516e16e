using AtlasPS.Core.Wire;

namespace AtlasPS.Core.Resources
{
    /// <summary>One access-list entry to add: exactly one of IpAddress or CidrBlock.</summary>
    public sealed class AccessListSpec
    {
        public string? IpAddress { get; set; }
        public string? CidrBlock { get; set; }
        public string Entry => IpAddress ?? CidrBlock ?? "";
        internal AccessListRequest ToWire() => new AccessListRequest { IpAddress = IpAddress, CidrBlock = CidrBlock };
        public override string ToString() => Entry;
    }
}
