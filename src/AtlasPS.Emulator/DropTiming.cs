namespace AtlasPS.Emulator;

/// <summary>When a dropped connection is cut.</summary>
public enum DropTiming
{
    /// <summary>Abort before the handler runs: the request has no effect.</summary>
    BeforeHandler,
    /// <summary>Abort after the handler applied its effect: the answer is lost.</summary>
    AfterHandler,
}
