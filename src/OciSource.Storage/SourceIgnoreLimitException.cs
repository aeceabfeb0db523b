namespace OciSource.Storage;

/// <summary>
/// The ignore rules exceed <see cref="SourceIgnore.MaxFileBytes"/> or <see cref="SourceIgnore.MaxRules"/>. An
/// <see cref="IOException"/> like any other failure to load the rules, so callers report it the same way (Flux's
/// <c>SourceIgnoreError</c>).
/// </summary>
public sealed class SourceIgnoreLimitException(string message) : IOException(message);
