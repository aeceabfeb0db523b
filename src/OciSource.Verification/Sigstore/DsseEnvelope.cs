using System.Text;

namespace OciSource.Verification.Sigstore;

/// <summary>A DSSE envelope with exactly one signature (what Sigstore bundles carry).</summary>
internal sealed record DsseEnvelope(string PayloadType, byte[] Payload, byte[] Signature)
{
    /// <summary>The DSSE v1 pre-authentication encoding that the signature covers.</summary>
    public byte[] Pae()
    {
        var type = Encoding.UTF8.GetBytes(PayloadType);
        var header = Encoding.UTF8.GetBytes(FormattableString.Invariant($"DSSEv1 {type.Length} {PayloadType} {Payload.Length} "));
        return [.. header, .. Payload];
    }
}
