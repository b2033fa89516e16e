using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using Refit;

namespace AtlasPS.Core.Http
{
    /// <summary>Names the spec's operationId of an <see cref="IAtlasApi"/> method.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    internal sealed class AtlasOperationAttribute : Attribute
    {
        public AtlasOperationAttribute(string operationId) { OperationId = operationId; }
        public string OperationId { get; }
    }

    /// <summary>
    /// One operation of the Atlas Admin API as <see cref="IAtlasApi"/> declares it: operationId, method, route and
    /// media-type version, read from the method's attributes (there is no second table to keep in step).
    /// </summary>
    public sealed class AtlasOperation
    {
        internal AtlasOperation(string operationId, string method, string pathTemplate, string version, bool hasRequestBody, string methodName)
        {
            OperationId = operationId;
            Method = method;
            PathTemplate = pathTemplate;
            Version = version;
            HasRequestBody = hasRequestBody;
            MethodName = methodName;
        }

        /// <summary>The spec's operationId, e.g. listOrgApiKeys.</summary>
        public string OperationId { get; }
        public string Method { get; }
        /// <summary>Path from the host root, e.g. /api/atlas/v2/orgs/{orgId}/apiKeys.</summary>
        public string PathTemplate { get; }
        /// <summary>Media-type version date, e.g. 2023-01-01 (sent as application/vnd.atlas.2023-01-01+json).</summary>
        public string Version { get; }
        public bool HasRequestBody { get; }
        /// <summary>The <see cref="IAtlasApi"/> method that sends it.</summary>
        public string MethodName { get; }
        public string MediaType => "application/vnd.atlas." + Version + "+json";
        /// <summary>GET, PUT and DELETE may be resent after a transport failure; POST and PATCH may not.</summary>
        public bool IsIdempotent => Method == "GET" || Method == "PUT" || Method == "DELETE" || Method == "HEAD";
        public override string ToString() => OperationId + " " + Method + " " + PathTemplate + " (" + Version + ")";
    }
}
