using System;
using System.Net.Http;
using System.Net.Sockets;

namespace AtlasPS.Core
{
    /// <summary>
    /// Decides the stable error id and the category for an exception, so that every cmdlet reports the same
    /// failure the same way. Lives in the core so that it is tested without PowerShell.
    /// </summary>
    public sealed class AtlasErrorInfo
    {
        private AtlasErrorInfo(string errorId, AtlasErrorCategory category, string message)
        {
            ErrorId = errorId; Category = category; Message = message;
        }

        public string ErrorId { get; }
        public AtlasErrorCategory Category { get; }
        public string Message { get; }

        /// <param name="noun">What was being worked on, e.g. "ApiKey": a 404 becomes AtlasApiKeyNotFound.</param>
        public static AtlasErrorInfo From(Exception ex, string noun = "Object")
        {
            switch (ex)
            {
                case AtlasValidationException v:
                    return new AtlasErrorInfo(v.ErrorId, AtlasErrorCategory.InvalidArgument, v.Message);
                case AtlasNotFoundException nf:
                    return new AtlasErrorInfo(nf.ErrorId, AtlasErrorCategory.ObjectNotFound, nf.Message);
                case Secrets.AtlasVaultException sv:
                    return new AtlasErrorInfo(sv.ErrorId, sv.Category, sv.Message);
                case AtlasWorkflowException w:
                    return new AtlasErrorInfo(w.ErrorId, w.InnerException is AtlasApiException a0 ? FromStatus(a0.StatusCode)
                        : w.InnerException is HttpRequestException ? AtlasErrorCategory.ConnectionError : AtlasErrorCategory.InvalidOperation, w.Message);
                case AtlasApiException a:
                    return new AtlasErrorInfo(IdFor(a, noun), FromStatus(a.StatusCode), a.Message);
                case TimeoutException t:
                    return new AtlasErrorInfo("AtlasRequestTimeout", AtlasErrorCategory.OperationTimeout, t.Message);
                case HttpRequestException h:
                    return new AtlasErrorInfo("AtlasConnectionFailed", AtlasErrorCategory.ConnectionError,
                        "Could not reach Atlas: " + h.Message + (h.InnerException is SocketException s ? " (" + s.Message + ")" : "") + ". Check the network, proxy settings and -BaseUri.");
                case OperationCanceledException _:
                    return new AtlasErrorInfo("AtlasOperationStopped", AtlasErrorCategory.OperationStopped, "The operation was stopped.");
                default:
                    return new AtlasErrorInfo("AtlasUnexpectedError", AtlasErrorCategory.NotSpecified, ex.Message);
            }
        }

        public static AtlasErrorCategory FromStatus(int status)
        {
            switch (status)
            {
                case 400: case 422: return AtlasErrorCategory.InvalidArgument;
                case 401: return AtlasErrorCategory.AuthenticationError;
                case 403: return AtlasErrorCategory.PermissionDenied;
                case 404: return AtlasErrorCategory.ObjectNotFound;
                case 409: return AtlasErrorCategory.ResourceExists;
                case 429: return AtlasErrorCategory.LimitsExceeded;
                case 408: case 504: return AtlasErrorCategory.OperationTimeout;
                default: return status >= 500 ? AtlasErrorCategory.ResourceUnavailable : AtlasErrorCategory.NotSpecified;
            }
        }

        /// <summary>
        /// The kind of object Atlas says is missing, from its errorCode: a call about an API key in an unknown organization
        /// answers ORG_NOT_FOUND, which is AtlasOrganizationNotFound, not AtlasApiKeyNotFound. Null: use the caller's noun.
        /// </summary>
        internal static string? NounOf(string? errorCode)
        {
            switch (errorCode)
            {
                case "ORG_NOT_FOUND": return "Organization";
                case "GROUP_NOT_FOUND": return "Project";
                case "API_KEY_NOT_FOUND": return "ApiKey";
                case "SERVICE_ACCOUNT_NOT_FOUND": return "ServiceAccount";
                case "SERVICE_ACCOUNT_SECRET_NOT_FOUND": return "ServiceAccountSecret";
                case "INVOICE_NOT_FOUND": return "Invoice";
                default: return null;
            }
        }

        private static string IdFor(AtlasApiException a, string noun)
        {
            switch (a.StatusCode)
            {
                case 401: return "AtlasAuthenticationFailed";
                case 403: return a.ErrorCode == "IP_ADDRESS_NOT_ON_ACCESS_LIST" ? "AtlasAddressNotOnAccessList" : "AtlasPermissionDenied";
                case 404: return "Atlas" + (NounOf(a.ErrorCode) ?? noun) + "NotFound";
                case 409: return "Atlas" + noun + "Conflict";
                case 429: return "AtlasRateLimited";
                case 400: return "AtlasInvalidRequest";
                default: return a.StatusCode >= 500 ? "AtlasServiceUnavailable" : "AtlasRequestFailed";
            }
        }
    }
}
