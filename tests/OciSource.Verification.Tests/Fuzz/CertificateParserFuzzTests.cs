using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OciSource.Testing;
using OciSource.Testing.Sigstore;
using OciSource.Verification.Sigstore;

namespace OciSource.Verification.Tests.Fuzz;

/// <summary>
/// The certificate-facing parsers (<see cref="FulcioIdentity"/>, <see cref="SignedCertificateTimestamps"/>) on mutated
/// DER of the conformance Fulcio certificates, and the SCT list reader on mutated SCT lists: only
/// <see cref="SigstoreVerificationException"/> may come out.
/// </summary>
public sealed class CertificateParserFuzzTests
{
    private const string SctListOid = "1.3.6.1.4.1.11129.2.4.2";

    [Fact]
    public void FulcioIdentityAndScts_MutatedCertificateDer_ThrowOnlySigstoreVerificationException()
    {
        var bytes = new ByteMutator(new Random(5901));
        var loaded = 0;
        FuzzRunner.Run<SigstoreVerificationException>(
            5902,
            r => bytes.Mutate(FuzzCorpus.Certificates[r.Next(FuzzCorpus.Certificates.Count)]),
            der =>
            {
                X509Certificate2 leaf;
                try
                {
                    leaf = X509CertificateLoader.LoadCertificate(der);
                }
                catch (CryptographicException)
                {
                    return; // not a certificate the bundle parser would accept either
                }

                using (leaf)
                {
                    loaded++;
                    FulcioIdentity.Issuer(leaf);
                    FulcioIdentity.SubjectAlternativeNames(leaf);
                    SignedCertificateTimestamps.Verify(leaf, FuzzCorpus.FulcioIntermediate, TrustedRoot.Production);
                }
            });

        Assert.InRange(loaded, FuzzInputs.Count / 20, FuzzInputs.Count);
    }

    [Fact]
    public void SignedCertificateTimestamps_MutatedSctLists_ThrowOnlySigstoreVerificationException()
    {
        var lists = FuzzCorpus.Certificates
            .Select(X509CertificateLoader.LoadCertificate)
            .Select(c => c.Extensions[SctListOid])
            .OfType<X509Extension>()
            .Select(e => new AsnReader(e.RawData, AsnEncodingRules.DER).ReadOctetString())
            .ToArray();
        Assert.NotEmpty(lists);
        var template = X509CertificateLoader.LoadCertificate(FuzzCorpus.Certificates[0]).RawData;
        var bytes = new ByteMutator(new Random(6001));
        var refused = FuzzRunner.Run<SigstoreVerificationException>(
            6002,
            r => bytes.Mutate(lists[r.Next(lists.Length)]),
            list =>
            {
                var value = new AsnWriter(AsnEncodingRules.DER);
                value.WriteOctetString(list);
                using var leaf = X509CertificateLoader.LoadCertificate(TbsCertificate.WithExtensionValue(template, SctListOid, value.Encode()));
                SignedCertificateTimestamps.Verify(leaf, FuzzCorpus.FulcioIntermediate, TrustedRoot.Production);
            });

        Assert.Equal(FuzzInputs.Count, refused);
    }
}
