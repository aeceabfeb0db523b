namespace OciSource.Testing.Kube;

/// <summary>A token <see cref="ServiceAccountTokenIssuer"/> issued, and for whom.</summary>
public sealed record IssuedServiceAccountToken(string Namespace, string Name, IReadOnlyList<string> Audiences, string Token);
