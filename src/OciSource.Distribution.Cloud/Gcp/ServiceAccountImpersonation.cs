namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>The IAM Credentials <c>generateAccessToken</c> address of the service account to impersonate, and the token's lifetime.</summary>
internal sealed record ServiceAccountImpersonation(Uri Address, TimeSpan Lifetime);
