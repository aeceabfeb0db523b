using System.Text.Json;

namespace OciSource.Verification.Sigstore;

/// <summary>Checks that an in-toto statement in a DSSE payload names the artifact among its subjects (by SHA-256).</summary>
internal static class InTotoStatement
{
    public const string PayloadType = "application/vnd.in-toto+json";

    /// <exception cref="SigstoreVerificationException">Not an in-toto statement, or no subject has the artifact's digest.</exception>
    public static void RequireSubject(DsseEnvelope envelope, byte[] artifactDigest)
    {
        if (envelope.PayloadType != PayloadType)
        {
            throw new SigstoreVerificationException($"The DSSE payload type is '{envelope.PayloadType}', not an in-toto statement.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(envelope.Payload, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new SigstoreVerificationException("The in-toto statement is not valid JSON.", e);
        }

        using (document)
        {
            var hex = Convert.ToHexStringLower(artifactDigest);
            var found = Json.Array(document.RootElement, "subject").Any(s =>
                Json.Optional(s, "digest") is { } digest
                && Json.OptionalString(digest, "sha256") is { } value
                && string.Equals(value, hex, StringComparison.OrdinalIgnoreCase));
            if (!found)
            {
                throw new SigstoreVerificationException($"No subject of the in-toto statement has the artifact's digest sha256:{hex}.");
            }
        }
    }
}
