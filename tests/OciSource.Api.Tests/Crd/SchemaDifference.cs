namespace OciSource.Api.Tests.Crd;

/// <summary>One place where a C# type and a CRD schema disagree.</summary>
/// <param name="Path">JSON path from the compared root, e.g. <c>spec.verify.matchOIDCIdentity[].issuer</c>.</param>
/// <param name="Problem">What differs, naming the C# member and the schema keyword.</param>
public sealed record SchemaDifference(string Path, string Problem)
{
    public override string ToString() => $"{Path}: {Problem}";
}
