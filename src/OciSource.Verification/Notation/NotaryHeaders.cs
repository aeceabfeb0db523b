namespace OciSource.Verification.Notation;

/// <summary>Names and values of the Notary Project signature specification v1 shared by both envelope formats.</summary>
internal static class NotaryHeaders
{
    public const string SignatureArtifactType = "application/vnd.cncf.notary.signature";
    public const string JwsMediaType = "application/jose+json";
    public const string CoseMediaType = "application/cose";
    public const string PayloadContentType = "application/vnd.cncf.notary.payload.v1+json";
    public const string SigningScheme = "io.cncf.notary.signingScheme";
    public const string SigningTime = "io.cncf.notary.signingTime";
    public const string AuthenticSigningTime = "io.cncf.notary.authenticSigningTime";
    public const string Expiry = "io.cncf.notary.expiry";
    public const string SigningAgent = "io.cncf.notary.signingAgent";
    public const string TimestampSignature = "io.cncf.notary.timestampSignature";
    public const string SchemeX509 = "notary.x509";
    public const string SchemeSigningAuthority = "notary.x509.signingAuthority";

    /// <summary>
    /// Checks the signed attributes every envelope must carry: a known signing scheme with its time (signingTime for
    /// <c>notary.x509</c>, authenticSigningTime for the signing authority scheme), the payload content type, and a
    /// <c>crit</c> list naming the signing scheme and every present expiry/authentic time, whose every entry is
    /// present and understood (<paramref name="understood"/>).
    /// </summary>
    /// <exception cref="SignatureEnvelopeException">An attribute is missing, unknown or not marked critical.</exception>
    public static void ValidateSignedAttributes(
        string? contentType,
        string? scheme,
        DateTimeOffset? signingTime,
        DateTimeOffset? authenticSigningTime,
        DateTimeOffset? expiry,
        IReadOnlyCollection<string> critical,
        Func<string, bool> present,
        Func<string, bool> understood)
    {
        if (contentType != PayloadContentType)
        {
            throw new SignatureEnvelopeException($"the payload content type is \"{contentType}\", not \"{PayloadContentType}\"");
        }

        switch (scheme)
        {
            case SchemeX509 when signingTime is null:
                throw new SignatureEnvelopeException($"signing scheme {SchemeX509} requires {SigningTime}");
            case SchemeSigningAuthority when authenticSigningTime is null:
                throw new SignatureEnvelopeException($"signing scheme {SchemeSigningAuthority} requires {AuthenticSigningTime}");
            case SchemeX509 or SchemeSigningAuthority:
                break;
            default:
                throw new SignatureEnvelopeException($"the signing scheme \"{scheme}\" is not {SchemeX509} or {SchemeSigningAuthority}");
        }

        RequireCritical(critical, SigningScheme, true);
        RequireCritical(critical, Expiry, expiry is not null);
        RequireCritical(critical, AuthenticSigningTime, authenticSigningTime is not null);
        foreach (var name in critical)
        {
            if (!present(name))
            {
                throw new SignatureEnvelopeException($"the critical header \"{name}\" is not in the protected header");
            }

            if (!understood(name))
            {
                throw new SignatureEnvelopeException($"the critical header \"{name}\" is not understood");
            }
        }
    }

    private static void RequireCritical(IReadOnlyCollection<string> critical, string name, bool required)
    {
        if (required && !critical.Contains(name))
        {
            throw new SignatureEnvelopeException($"the protected header \"{name}\" is not marked critical");
        }
    }
}
