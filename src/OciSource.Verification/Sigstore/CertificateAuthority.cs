using System.Security.Cryptography.X509Certificates;

namespace OciSource.Verification.Sigstore;

/// <summary>A Fulcio CA or a timestamp authority of a trusted root: its chain (leaf or intermediate first, root last) and validity.</summary>
internal sealed record CertificateAuthority(string Uri, IReadOnlyList<X509Certificate2> Chain, TimeRange ValidFor);
