namespace OciSource.Testing.Registry;

/// <summary>Why the <see cref="TokenServer"/> refused a request: HTTP status and OAuth2 error code.</summary>
internal sealed record TokenFailure(int Status, string Error, string Description)
{
    public static TokenFailure BadCredentials { get; } = new(401, "invalid_grant", "unknown user or wrong password");

    public static TokenFailure InvalidRequest(string description) => new(400, "invalid_request", description);
}
