using System.Security.Cryptography.X509Certificates;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.Referrers;

namespace OciSource.Verification.Notation;

/// <summary>
/// Verifies the notation signatures of an artifact as Flux's notation verifier does (notation-go 1.3), offline:
/// finds the signatures among the artifact's referrers, verifies at most <see cref="SignatureSelection.MaxAttempts"/>
/// (JWS and COSE envelopes) against the applicable trust policy statement and the trust store, and reports the first
/// verified one. See <see cref="SignatureEvaluator"/> for the checks and levels.
/// </summary>
public sealed class NotationVerifier
{
    /// <summary>Largest signature envelope read; a larger signature fails (it is not read).</summary>
    public const int MaxEnvelopeBytes = 1024 * 1024;

    private readonly IManifestFetcher _manifests;
    private readonly IBlobFetcher _blobs;
    private readonly IReferrersLister _referrers;
    private readonly TimeProvider _time;

    /// <param name="manifests">Fetches the signature manifests (of the artifact's repository).</param>
    /// <param name="blobs">Fetches the signature envelopes.</param>
    /// <param name="referrers">Lists the artifact's referrers.</param>
    /// <param name="time">The clock for expiry and certificate validity; the system clock by default.</param>
    public NotationVerifier(IManifestFetcher manifests, IBlobFetcher blobs, IReferrersLister referrers, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(referrers);
        _manifests = manifests;
        _blobs = blobs;
        _referrers = referrers;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Verifies the artifact <paramref name="subject"/>. No applicable statement, no signature, or no verified one is
    /// <see cref="NotationOutcome.Failed"/>; level skip (without any registry request) or a signature whose
    /// authenticity failure is only logged (audit) is <see cref="NotationOutcome.Ignored"/>. Reasons are
    /// user-actionable and hold no secret.
    /// </summary>
    /// <param name="subject">The artifact's manifest digest.</param>
    /// <param name="subjectSize">The manifest's size: the signed descriptor must name it.</param>
    /// <param name="subjectMediaType">The manifest's media type: the signed descriptor must name it.</param>
    /// <param name="repositoryScope"><c>registry/repository</c> as notation scopes it.</param>
    /// <param name="policy">The trust policy document.</param>
    /// <param name="trustStore">Every certificate of the verification Secret (its <c>*.crt</c> and <c>*.pem</c> keys), used for whatever <c>ca:</c> store the statement names, as Flux does.</param>
    /// <param name="cancellationToken">Cancels the registry requests.</param>
    /// <exception cref="RegistryException">Listing referrers or fetching a signature manifest or envelope fails.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<NotationResult> VerifyAsync(
        Digest subject,
        long subjectSize,
        string subjectMediaType,
        string repositoryScope,
        TrustPolicyDocument policy,
        IReadOnlyList<X509Certificate2> trustStore,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectMediaType);
        ArgumentNullException.ThrowIfNull(repositoryScope);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(trustStore);
        cancellationToken.ThrowIfCancellationRequested();
        var statement = policy.Applicable(repositoryScope);
        if (statement is null)
        {
            return NotationResult.Fail(
                $"no trust policy statement applies to \"{repositoryScope}\": add it to the registryScopes of a statement, or use the wildcard scope \"*\"");
        }

        if (statement.Level == VerificationLevel.Skip)
        {
            return new NotationResult(NotationOutcome.Ignored, $"trust policy statement \"{statement.Name}\" is at level skip: signatures are not verified");
        }

        var target = new SignatureEvaluator.Target(subject, subjectSize, subjectMediaType);
        var candidates = (await _referrers.ListAsync(subject, NotaryHeaders.SignatureArtifactType, cancellationToken).ConfigureAwait(false))
            .Where(r => r.ArtifactType is null or NotaryHeaders.SignatureArtifactType)
            .ToList();
        return await SignatureSelection.FirstVerifiedAsync(
            candidates,
            (referrer, ct) => VerifySignatureAsync(referrer, target, statement, trustStore, ct),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<NotationResult> VerifySignatureAsync(
        Descriptor referrer,
        SignatureEvaluator.Target target,
        TrustPolicy statement,
        IReadOnlyList<X509Certificate2> trustStore,
        CancellationToken cancellationToken)
    {
        if (!Digest.TryParse(referrer.DigestText, out var digest))
        {
            return NotationResult.Fail($"the referrer digest \"{referrer.DigestText}\" is invalid");
        }

        var manifest = (await _manifests.GetManifestAsync(digest.ToString(), cancellationToken).ConfigureAwait(false)).ParseImageManifest();
        if ((manifest.ArtifactType ?? manifest.Config?.MediaType) != NotaryHeaders.SignatureArtifactType)
        {
            return NotationResult.Fail($"signature {digest}: the manifest is not a notation signature");
        }

        if (manifest.Layers is not [var layer] || layer.MediaType is not (NotaryHeaders.JwsMediaType or NotaryHeaders.CoseMediaType))
        {
            return NotationResult.Fail(
                $"signature {digest}: a notation signature has exactly one layer of type {NotaryHeaders.JwsMediaType} or {NotaryHeaders.CoseMediaType}");
        }

        if (layer.Size is < 0 or > MaxEnvelopeBytes)
        {
            return NotationResult.Fail($"signature {digest}: the envelope is {layer.Size} bytes, more than {MaxEnvelopeBytes}");
        }

        var envelope = await _blobs.ReadBlobAsync(layer, MaxEnvelopeBytes, cancellationToken).ConfigureAwait(false);
        var result = SignatureEvaluator.Evaluate(envelope, layer.MediaType, target, statement, trustStore, _time.GetUtcNow());
        return result with { Reason = $"signature {digest}: {result.Reason}" };
    }
}
