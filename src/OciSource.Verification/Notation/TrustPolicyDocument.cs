namespace OciSource.Verification.Notation;

/// <summary>A validated trust policy document (schema version 1.0).</summary>
public sealed class TrustPolicyDocument
{
    internal TrustPolicyDocument(IReadOnlyList<TrustPolicy> policies) => Policies = policies;

    /// <summary>The statements, in document order.</summary>
    public IReadOnlyList<TrustPolicy> Policies { get; }

    /// <summary>
    /// The statement that applies to <paramref name="repositoryScope"/> (<c>registry/repository</c>): the one naming
    /// the scope exactly, else the wildcard one, else <see langword="null"/> (no applicable policy: verification fails).
    /// </summary>
    public TrustPolicy? Applicable(string repositoryScope)
    {
        ArgumentNullException.ThrowIfNull(repositoryScope);
        TrustPolicy? wildcard = null;
        foreach (var policy in Policies)
        {
            foreach (var scope in policy.RegistryScopes)
            {
                if (scope == TrustPolicyParser.Wildcard)
                {
                    wildcard = policy;
                }
                else if (string.Equals(scope, repositoryScope, StringComparison.Ordinal))
                {
                    return policy;
                }
            }
        }

        return wildcard;
    }
}
