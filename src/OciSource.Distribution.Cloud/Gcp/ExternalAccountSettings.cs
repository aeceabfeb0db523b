namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>What an STS exchange needs: the endpoint, the audience (the workload identity pool provider), the subject token type, the wanted scopes, optional client authentication and impersonation.</summary>
internal sealed record ExternalAccountSettings(Uri TokenUrl, string Audience, string SubjectTokenType, IReadOnlyList<string> Scopes)
{
    public string? ClientId { get; init; }

    /// <summary>Never shown.</summary>
    public string? ClientSecret { get; init; }

    public ServiceAccountImpersonation? Impersonation { get; init; }

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("TokenUrl = ").Append(TokenUrl).Append(", Audience = ").Append(Audience);
        return true;
    }
}
