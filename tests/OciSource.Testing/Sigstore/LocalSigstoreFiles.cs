namespace OciSource.Testing.Sigstore;

/// <summary>Where <see cref="LocalSigstore.WriteFiles"/> put a bundle and its trusted root.</summary>
public sealed record LocalSigstoreFiles(string BundlePath, string TrustedRootPath);
