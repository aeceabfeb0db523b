using OciSource.Distribution.Cloud.Gcp;

namespace OciSource.Distribution.Cloud.Tests.Gcp;

/// <summary>
/// Malformed and oversized token answers from Google's endpoints (loopback simulators: no cloud is reachable here): a
/// clear message naming the step, never the answer's content or a token.
/// </summary>
public sealed class GcpTokenAnswerTests : IAsyncLifetime
{
    private const string MetadataStep = "failed to get metadata server token: metadata server /computeMetadata/v1/instance/service-accounts/default/token failed: ";
    private GcpTestCloud _cloud = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _cloud = await GcpTestCloud.StartAsync(Ct);

    public ValueTask DisposeAsync() => _cloud.DisposeAsync();

    [Theory]
    [InlineData("ya29.not-json-but-secret", "the answer is not a JSON token answer")]
    [InlineData("""{"access_token":"ya29.secret-in-a-bad-shape","expires_in":"soon"}""", "the answer is not a JSON token answer")]
    [InlineData("""{"token_type":"Bearer","expires_in":3600}""", "the answer held no access token")]
    [InlineData("""["ya29.secret-in-an-array"]""", "the answer is not a JSON token answer")]
    public async Task MalformedMetadataAnswer_FailsClearly_WithoutShowingIt(string answer, string problem)
    {
        _cloud.Metadata.FixedAnswer = answer;
        using var provider = new GcpRegistryProvider(_cloud.Settings);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct));

        Assert.Equal(MetadataStep + problem, error.Message);
        Assert.DoesNotContain("secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedMetadataAnswer_IsRefused_WithoutShowingTheToken()
    {
        _cloud.Metadata.SendOversizedAnswers = true;
        using var provider = new GcpRegistryProvider(_cloud.Settings);

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", null, new CloudHttp(), Ct));

        Assert.Equal(MetadataStep + "HTTP 200: metadata server /computeMetadata/v1/instance/service-accounts/default/token answer exceeds the limit of 262144 bytes", error.Message);
        Assert.All(_cloud.Metadata.IssuedTokens, token => Assert.DoesNotContain(token, error.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task IamAnswerWithoutExpireTime_FailsClearly_WithoutShowingTheToken()
    {
        _cloud.Iam.FixedAnswer = """{"accessToken":"ya29.impersonated-secret"}""";
        using var provider = new GcpRegistryProvider(_cloud.Settings);
        var workload = GcpTestCloud.Workload(("iam.gke.io/gcp-service-account", GcpTestCloud.ServiceAccountEmail));

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", workload, new CloudHttp(), Ct));

        Assert.Equal("failed to get workload identity token: IAM Credentials generateAccessToken failed: the answer held no valid expireTime", error.Message);
        Assert.DoesNotContain("secret", error.ToString(), StringComparison.Ordinal);
        Assert.All(_cloud.Secrets, secret => Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task OversizedIamAnswer_IsRefused()
    {
        _cloud.Iam.SendOversizedAnswers = true;
        using var provider = new GcpRegistryProvider(_cloud.Settings);
        var workload = GcpTestCloud.Workload(("iam.gke.io/gcp-service-account", GcpTestCloud.ServiceAccountEmail));

        var error = await Assert.ThrowsAsync<CloudProviderException>(() => provider.GetAccessTokenAsync("gcr.io", workload, new CloudHttp(), Ct));

        Assert.Equal(
            "failed to get workload identity token: IAM Credentials generateAccessToken failed: HTTP 200: IAM Credentials generateAccessToken answer exceeds the limit of 262144 bytes",
            error.Message);
    }
}
