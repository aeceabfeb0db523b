namespace OciSource.Testing.Registry;

/// <summary>How a <see cref="RegistryServer"/> authenticates its clients.</summary>
public enum RegistryAuth
{
    /// <summary>Plain HTTP, no authentication: everyone may pull and push.</summary>
    Anonymous,

    /// <summary>TLS with a certificate from a private CA, and htpasswd basic authentication (one user, random password).</summary>
    HtpasswdTls,

    /// <summary>
    /// Plain HTTP and distribution's token authentication: the registry challenges with <c>Bearer</c> and trusts JWTs
    /// issued by a <see cref="Registry.TokenServer"/> on loopback.
    /// </summary>
    Token,

    /// <summary>
    /// TLS with a certificate from a private CA, and mutual TLS: the registry requires a client certificate issued by
    /// the same CA (<see cref="RegistryServer.IssueClientCertificate"/>). No other authentication.
    /// </summary>
    MutualTls,
}
