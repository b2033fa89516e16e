#if NETFRAMEWORK
using AtlasPS.Core.Http;

namespace Refit.Implementation
{
    /// <summary>
    /// Refit's source generator registers its implementation of <see cref="IAtlasApi"/> from a module initializer that it
    /// emits only for .NET 5 or later (<c>#if NET5_0_OR_GREATER</c>). On .NET Framework (Windows PowerShell 5.1) nothing
    /// registers it, and <c>RestService.For</c> then fails with "needs the reflection request builder". This half of the
    /// generated partial class registers the same generated implementation; <see cref="AtlasHttp"/> calls it once.
    /// Found by the net472 run under Mono (tests/AtlasPS.Net472.Checks).
    /// </summary>
    internal static partial class GeneratedAtlasPS_Core
    {
        private static int registered;

        internal static void RegisterOnNetFramework()
        {
            if (System.Threading.Interlocked.Exchange(ref registered, 1) == 1) return;
            RestService.RegisterGeneratedFactory<IAtlasApi>((client, requestBuilder) => new AtlasPSCoreHttpIAtlasApi(client, requestBuilder));
            RestService.RegisterGeneratedSettingsFactory<IAtlasApi>((client, settings) => new AtlasPSCoreHttpIAtlasApi(client, settings));
        }
    }
}
#endif
