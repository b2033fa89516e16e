using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Wire;
using Refit;

namespace AtlasPS.Core.Http
{
    /// <summary>Which base URLs are allowed: any https URL; plain http only for loopback hosts.</summary>
    public static class AtlasBaseUri
    {
        public static Uri Validate(Uri? baseUri)
        {
            if (baseUri is null) return AtlasClientOptions.DefaultBaseUri;
            if (!baseUri.IsAbsoluteUri)
                throw new AtlasValidationException("AtlasInvalidBaseUri", $"The base URI {Validation.AtlasInput.Quote(baseUri.ToString())} is not absolute. Use a URL such as https://cloud.mongodb.com.", "BaseUri");
            if (baseUri.Scheme == Uri.UriSchemeHttps) return Root(baseUri);
            if (baseUri.Scheme == Uri.UriSchemeHttp)
            {
                if (baseUri.IsLoopback) return Root(baseUri);
                throw new AtlasValidationException("AtlasInsecureBaseUri",
                    $"The base URI {Validation.AtlasInput.Quote(baseUri.ToString())} uses plain http to a host that is not loopback; credentials would cross the network unencrypted. Use https:// (for example https://cloud.mongodb.com or https://cloud.mongodbgov.com); http is allowed only for 127.0.0.1, ::1 and localhost.", "BaseUri");
            }
            throw new AtlasValidationException("AtlasInvalidBaseUri", $"The base URI {Validation.AtlasInput.Quote(baseUri.ToString())} must use https://.", "BaseUri");
        }

        private static Uri Root(Uri u) => new Uri(u.GetLeftPart(UriPartial.Authority) + "/");
    }
}
