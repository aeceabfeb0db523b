namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>Where an external account's subject token (the third-party credential STS exchanges) comes from.</summary>
internal interface ISubjectTokenSource
{
    /// <summary>The subject token; a secret.</summary>
    /// <exception cref="GoogleEndpointException">It cannot be read; the message names where from, never the token.</exception>
    Task<string> GetSubjectTokenAsync(CancellationToken cancellationToken);
}
