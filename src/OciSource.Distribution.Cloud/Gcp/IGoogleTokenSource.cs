namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>Gets a Google access token for one identity (a credential file, the metadata server, a federated workload).</summary>
internal interface IGoogleTokenSource
{
    /// <exception cref="GoogleEndpointException">A step failed; the message names it and holds no secret.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<GcpAccessToken> GetTokenAsync(CancellationToken cancellationToken);
}
