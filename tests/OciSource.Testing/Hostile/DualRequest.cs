namespace OciSource.Testing.Hostile;

/// <summary>One request a <see cref="DualProtocolFront"/> answered.</summary>
/// <param name="OverTls">True when it came over TLS, false over plain HTTP.</param>
/// <param name="Request">The request head as received.</param>
/// <param name="Status">The status answered.</param>
public sealed record DualRequest(bool OverTls, RawRequest Request, int Status);
