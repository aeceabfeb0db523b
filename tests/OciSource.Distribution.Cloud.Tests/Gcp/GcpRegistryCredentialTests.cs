using System.Net;
using OciSource.Distribution.Auth;
using OciSource.Distribution.Client;
using OciSource.Distribution.Cloud.Gcp;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Testing;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Cloud.Tests.Gcp;

/// <summary>
/// The credential the gcp provider issues, used by the real registry client against the real registry in token-auth
/// mode, whose token server accepts only the tokens the simulated Google endpoints issued (the Google endpoints are
/// loopback simulators: no cloud is reachable here). A passing pull proves the exchanged token reached the registry.
/// </summary>
[Collection(GcpTokenRegistryCollection.Name)]
public sealed class GcpRegistryCredentialTests(TokenRegistryFixture fixture) : IAsyncLifetime
{
    private const string Repository = "gcp/app";
    private readonly RegistryServer _registry = fixture.Server;
    private readonly string _work = TestEnvironment.CreateWorkDirectory("gcp-registry");
    private GcpTestCloud _cloud = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TokenServer Tokens => _registry.TokenServer!;

    public async ValueTask InitializeAsync()
    {
        _cloud = await GcpTestCloud.StartAsync(Ct);
        await File.WriteAllTextAsync(Path.Combine(_work, "chart.txt"), "gcp", Ct);
        var push = await fixture.Tools.RunAsync(
            fixture.Tools.Oras,
            ["push", $"{_registry.Host}/{Repository}:v1", "chart.txt:application/vnd.test.layer.v1", .. _registry.OrasConnectionArguments()],
            Ct,
            workingDirectory: _work);
        Assert.Equal(0, push.ExitCode);
        Tokens.Revoke();
        Tokens.ClearRequests();
    }

    public async ValueTask DisposeAsync()
    {
        Tokens.Revoke();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task ControllerToken_FromTheMetadataServer_PullsFromTheRegistry()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings);
        var credential = await CredentialAsync(provider, null);
        AcceptIssuedTokens();

        var descriptor = await ResolveAsync(credential);

        Assert.StartsWith("sha256:", descriptor.DigestText, StringComparison.Ordinal);
        Assert.Contains(Tokens.Requests, r => r.Subject == "oauth2accesstoken" && r.Status == 200);
    }

    [Fact]
    public async Task ImpersonatedWorkloadToken_PullsFromTheRegistry()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings);
        var credential = await CredentialAsync(provider, GcpTestCloud.Workload(("iam.gke.io/gcp-service-account", GcpTestCloud.ServiceAccountEmail)));
        AcceptIssuedTokens();

        await ResolveAsync(credential);

        Assert.Contains(credential.Password, _cloud.Iam.IssuedTokens);
        Assert.Contains(Tokens.Requests, r => r.Subject == "oauth2accesstoken" && r.Status == 200);
    }

    [Fact]
    public async Task TokenTheRegistryDoesNotAccept_IsRefused()
    {
        using var provider = new GcpRegistryProvider(_cloud.Settings);
        var credential = await CredentialAsync(provider, GcpTestCloud.Workload());

        await Assert.ThrowsAsync<RegistryUnauthorizedException>(() => ResolveAsync(credential));
    }

    private static async Task<CloudRegistryCredential> CredentialAsync(GcpRegistryProvider provider, WorkloadToken? workload)
    {
        var token = await provider.GetAccessTokenAsync("europe-docker.pkg.dev", workload, new CloudHttp(), Ct);
        return await provider.GetRegistryCredentialAsync(provider.ParseRegistry("europe-docker.pkg.dev"), token, new CloudHttp(), Ct);
    }

    private void AcceptIssuedTokens()
    {
        foreach (var token in _cloud.Metadata.IssuedTokens.Concat(_cloud.Sts.IssuedTokens).Concat(_cloud.Iam.IssuedTokens))
        {
            Tokens.Accept(new NetworkCredential("oauth2accesstoken", token));
        }
    }

    private async Task<Content.Descriptor> ResolveAsync(CloudRegistryCredential credential)
    {
        using var factory = new RegistryClientFactory();
        using var client = factory.Create(
            RepositoryReference.Parse($"{_registry.Host}/{Repository}"),
            new RegistryClientOptions { Credentials = new StaticCredentials(_registry.Host, credential.ToRegistryCredential()) });
        return await client.ResolveAsync("v1", Ct);
    }
}
