namespace OciSource.Testing.Cloud.Aws;

/// <summary>What the STS simulator answers instead of credentials, in STS's own XML error format.</summary>
public enum StsFailure
{
    /// <summary>Checks pass: credentials.</summary>
    None,

    /// <summary>400 <c>InvalidIdentityToken</c> whatever the request.</summary>
    InvalidIdentityToken,

    /// <summary>400 <c>ExpiredTokenException</c> whatever the request.</summary>
    ExpiredToken,

    /// <summary>500 <c>InternalFailure</c>.</summary>
    InternalFailure,
}
