using System.Net.Security;
using System.Security.Authentication;

namespace OciSource.Distribution.Transport;

/// <summary>
/// The server's TLS certificate failed verification. Thrown by the certificate check itself, so it reaches the
/// caller as the inner exception of the connection failure: the one TLS failure that proves the server speaks TLS,
/// after which plain HTTP is never tried.
/// </summary>
internal sealed class CertificateRejectedException(string? host, SslPolicyErrors errors) : AuthenticationException(
    $"the TLS certificate of {host ?? "the server"} is not trusted ({errors}): give the CA that issued it, or set insecure to skip verification");
