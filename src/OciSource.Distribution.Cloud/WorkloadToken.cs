namespace OciSource.Distribution.Cloud;

/// <summary>A Kubernetes ServiceAccount token (a JWT from the TokenRequest API) issued for the provider's audiences.</summary>
public sealed class WorkloadToken(ServiceAccountInfo account, string token)
{
    public ServiceAccountInfo Account { get; } = account;

    /// <summary>The JWT. Never logged, never in a message.</summary>
    public string Token { get; } = token;

    public override string ToString() => $"WorkloadToken({Account}, <redacted>)";
}
