using OciSource.Api.V1;

namespace OciSource.Benchmarks.Scale;

/// <summary>
/// One way of verifying (or not) in the <c>verify</c> scenario: the objects' <c>spec.verify</c> (none for the baseline)
/// and how each of their artifacts is signed before the objects are created (signing is not timed).
/// </summary>
/// <param name="Name">Short name, used in repository, object and token names.</param>
/// <param name="Description">How the results file names the mode.</param>
/// <param name="Verify">The objects' <c>spec.verify</c>; null for the unverified baseline.</param>
/// <param name="SignAsync">Signs <c>host/repository@digest</c> at the registry itself.</param>
internal sealed record VerifyMode(
    string Name,
    string Description,
    OCIRepositoryVerification? Verify,
    Func<string, CancellationToken, Task> SignAsync)
{
    /// <summary>Whether the objects of this mode verify.</summary>
    public bool Verifies => Verify is not null;
}
