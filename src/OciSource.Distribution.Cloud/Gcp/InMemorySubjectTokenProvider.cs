using Google.Apis.Auth.OAuth2;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>Hands the Kubernetes ServiceAccount token (held in memory, never written to a file) to the SDK's STS exchange.</summary>
internal sealed class InMemorySubjectTokenProvider(WorkloadToken workload) : ProgrammaticExternalAccountCredential.ISubjectTokenProvider
{
    public Task<string> GetSubjectTokenAsync(ProgrammaticExternalAccountCredential caller, CancellationToken taskCancellationToken) =>
        Task.FromResult(workload.Token);

    public override string ToString() => $"InMemorySubjectTokenProvider({workload.Account}, <redacted>)";
}
