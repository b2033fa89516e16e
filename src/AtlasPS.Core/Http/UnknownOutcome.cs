using System;

namespace AtlasPS.Core.Http
{
    /// <summary>
    /// The mark the resilience handler puts on the exception of a POST or PATCH that was sent but whose answer was lost
    /// (and that it therefore did not send again). Create workflows read it to check what happened instead of guessing.
    /// </summary>
    internal static class UnknownOutcome
    {
        private const string DataKey = "AtlasPS.OutcomeUnknown";

        public static void Mark(Exception ex) => ex.Data[DataKey] = true;

        /// <summary>True when this exception (or one it wraps) carries the mark.</summary>
        public static bool IsMarked(Exception? ex)
        {
            for (int depth = 0; ex != null && depth < 10; depth++, ex = ex.InnerException)
                if (ex.Data.Contains(DataKey)) return true;
            return false;
        }
    }
}
