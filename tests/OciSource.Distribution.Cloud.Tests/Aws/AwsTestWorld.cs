using OciSource.Distribution.Auth;
using OciSource.Distribution.Client;
using OciSource.Distribution.Cloud.Aws;
using OciSource.Distribution.References;
using OciSource.Testing;
using OciSource.Testing.Cloud.Aws;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Cloud.Tests.Aws;

/// <summary>
/// The simulated AWS account (STS, ECR in eu-west-1, ECR Public) wired to the real registry: every password ECR issues
/// is accepted by the registry's token server, and nothing else of AWS's is. One private artifact is pushed.
/// </summary>
internal sealed class AwsTestWorld : IAsyncDisposable
{
    public const string Region = "eu-west-1";
    public const string EcrHost = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    public const string RoleArn = "arn:aws:iam::123456789012:role/ocisource-pull";
    public const string Repository = "private/aws-app";

    private AwsTestWorld(RegistryServer registry, AwsSimulators simulators)
    {
        Registry = registry;
        Simulators = simulators;
    }

    public RegistryServer Registry { get; }

    public AwsSimulators Simulators { get; }

    public TokenServer Tokens => Registry.TokenServer!;

    /// <summary>Settings pointing every AWS endpoint at the simulators.</summary>
    public AwsProviderSettings Settings => new()
    {
        StsEndpoint = Simulators.Sts.Address,
        EcrEndpoint = Simulators.Ecr.Address,
        EcrPublicEndpoint = Simulators.EcrPublic.Address,
    };

    public static async Task<AwsTestWorld> StartAsync(TokenRegistryFixture fixture, CancellationToken cancellationToken)
    {
        var registry = fixture.Server;
        var work = TestEnvironment.CreateWorkDirectory("aws-cloud");
        await File.WriteAllTextAsync(Path.Combine(work, "app.txt"), "from ECR", cancellationToken);
        await fixture.Tools.RunAsync(
            fixture.Tools.Oras, ["push", $"{registry.Host}/{Repository}:v1", "app.txt:application/vnd.test.layer.v1", .. registry.OrasConnectionArguments()],
            cancellationToken, workingDirectory: work);
        var simulators = await AwsSimulators.StartAsync(Region, registry.TokenServer!.Accept, cancellationToken);
        registry.TokenServer.ClearRequests();
        return new AwsTestWorld(registry, simulators);
    }

    /// <summary>The ServiceAccount <c>apps/puller</c> annotated with <paramref name="roleArn"/>.</summary>
    public static ServiceAccountInfo Account(string roleArn = RoleArn) =>
        new("apps", "puller", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = roleArn });

    /// <summary>A ServiceAccount token for <paramref name="audience"/>, which STS will accept.</summary>
    public WorkloadToken Workload(string audience = "sts.amazonaws.com", DateTimeOffset? expiresAt = null)
    {
        var token = StsSimulator.CreateServiceAccountToken(audience, expiresAt ?? DateTimeOffset.UtcNow.AddHours(1));
        Simulators.Sts.ExpectToken(token);
        return new WorkloadToken(Account(), token);
    }

    /// <summary>Resolves the pushed artifact with <paramref name="credential"/> through the real registry.</summary>
    public async Task ResolveWithAsync(CloudRegistryCredential credential, CancellationToken cancellationToken)
    {
        using var factory = new RegistryClientFactory();
        var options = new RegistryClientOptions { Credentials = new StaticCredentials(Registry.Host, credential.ToRegistryCredential()) };
        using var client = factory.Create(RepositoryReference.Parse($"{Registry.Host}/{Repository}"), options);
        await client.ResolveAsync("v1", cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Tokens.Revoke();
        await Simulators.DisposeAsync();
    }
}
