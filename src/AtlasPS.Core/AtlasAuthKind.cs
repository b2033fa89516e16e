using System;
using System.Security;

namespace AtlasPS.Core
{
    public enum AtlasAuthKind { ApiKey, ServiceAccount, AccessToken }
}
