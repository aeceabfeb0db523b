namespace OciSource.Testing.Registry;

/// <summary>What a <see cref="Fault"/> of the <see cref="TamperingFront"/> does; see the factories on <see cref="Fault"/>.</summary>
public enum FaultKind
{
    Respond,
    FlipByte,
    ResetAfter,
    MisstateLength,
    AppendBytes,
    IgnoreRange,
    Stall,
    Redirect,
    PaginateTags,
    ReplaceBody,
}
