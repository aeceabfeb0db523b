namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>The Kubernetes ServiceAccount token of object-level workload identity, held in memory (never written to a file).</summary>
internal sealed class WorkloadSubjectToken(WorkloadToken workload) : ISubjectTokenSource
{
    public Task<string> GetSubjectTokenAsync(CancellationToken cancellationToken) => Task.FromResult(workload.Token);

    public override string ToString() => $"WorkloadSubjectToken({workload.Account}, <redacted>)";
}
