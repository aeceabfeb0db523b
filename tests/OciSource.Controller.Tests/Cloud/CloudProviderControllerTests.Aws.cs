using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Controller.Cloud;
using OciSource.Distribution.Cloud;
using OciSource.Distribution.Cloud.Aws;
using OciSource.Testing.Cloud.Aws;
using OciSource.Testing.Proxies;

namespace OciSource.Controller.Tests.Cloud;

public sealed partial class CloudProviderControllerTests
{
    private const string EcrHost = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    /// <summary>
    /// Object-level workload identity on AWS, end to end: the controller asks the API server for a token of the
    /// object's ServiceAccount (audience <c>sts.amazonaws.com</c>), STS (simulated) verifies it against the cluster's
    /// issuer and assumes the annotated role, ECR (simulated, SigV4 checked) issues a password, and the real registry
    /// accepts only that password; the registry host name reaches the registry through the object's proxy. A second
    /// object with the same ServiceAccount and registry is served from the token cache (one STS call in all), and
    /// deleting the objects drops their cache metric series.
    /// </summary>
    [Fact]
    public async Task Aws_ObjectLevelIdentity_ExchangedCredentialPullsAndIsCachedAcrossObjects()
    {
        await using var proxy = new RoutingProxy();
        proxy.Route(EcrHost, new Uri($"http://{Registry.Host}"));
        await using var aws = await AwsSimulators.StartAsync("eu-west-1", Tokens.Accept, Ct);
        aws.Sts.TrustedIssuer = token => kube.ServiceAccountTokens.Verify(token, "sts.amazonaws.com", out _) is not null;
        var settings = new AwsProviderSettings { StsEndpoint = aws.Sts.Address, EcrEndpoint = aws.Ecr.Address, EcrPublicEndpoint = aws.EcrPublic.Address };
        var host = await StartAsync(Providers("aws", () => new AwsRegistryProvider(settings)), "--feature-gates=ObjectLevelWorkloadIdentity=true");
        var digest = await PushAsync("cloud/aws", "v1", "from ecr");
        await CreateServiceAccountAsync(host, "puller", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = aws.Sts.ExpectedRoleArn });
        await CreateProxySecretAsync(host, proxy.Address);
        var spec = EcrSpec("cloud/aws") with { ServiceAccountName = "puller", ProxySecretRef = ProxySecret };

        await host.ApplyAsync("aws-a", spec, Ct);
        var a = await WaitReadyOrFailedAsync(host, "aws-a");
        await host.ApplyAsync("aws-b", spec, Ct);
        var b = await WaitReadyOrFailedAsync(host, "aws-b");

        Assert.True(ControllerHost.IsReady(a), ControllerHost.Condition(a, ConditionTypes.FetchFailed)?.Message);
        Assert.Equal($"v1@{digest}", a.Status!.Artifact!.Revision);
        Assert.Equal($"v1@{digest}", b.Status!.Artifact!.Revision);
        var issued = Assert.Single(kube.ServiceAccountTokens.Issued, t => t.Namespace == host.Namespace);
        Assert.Equal(("puller", "sts.amazonaws.com"), (issued.Name, Assert.Single(issued.Audiences)));
        var sts = Assert.Single(aws.Sts.Requests);
        Assert.True(sts.TokenMatched);
        Assert.Equal($"puller.{host.Namespace}.eu-west-1.fluxcd.io", sts.RoleSessionName);
        Assert.Single(aws.Ecr.Requests);
        Assert.Contains(Tokens.Requests, r => r.Subject == "AWS" && r.Status == 200);
        Assert.Contains(proxy.Hosts, h => h.StartsWith(EcrHost + ":", StringComparison.Ordinal));
        var metrics = await host.ScrapeMetricsAsync(Ct);
        Assert.Contains($"gotk_token_cache_events_total{{event_type=\"cache_miss\",kind=\"OCIRepository\",name=\"aws-a\",namespace=\"{host.Namespace}\",operation=\"reconcile\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"gotk_token_cache_events_total{{event_type=\"cache_hit\",kind=\"OCIRepository\",name=\"aws-b\",namespace=\"{host.Namespace}\",operation=\"reconcile\"}}", metrics, StringComparison.Ordinal);

        await host.DeleteAsync("aws-a", Ct);
        await host.DeleteAsync("aws-b", Ct);
        await host.WaitGoneAsync("aws-a", Ct);
        await host.WaitGoneAsync("aws-b", Ct);
        var after = await host.ScrapeMetricsAsync(Ct);
        Assert.DoesNotContain("name=\"aws-a\"", after, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"aws-b\"", after, StringComparison.Ordinal);
        Assert.Contains("gotk_token_cached_items 0", after, StringComparison.Ordinal);
    }

    /// <summary>STS refusing the role: Flux's chain of messages, AuthenticationFailed, and no token or secret in it.</summary>
    [Fact]
    public async Task Aws_StsRefusesTheRole_FailsWithFluxsMessageAndNoSecret()
    {
        await using var proxy = new RoutingProxy();
        await using var aws = await AwsSimulators.StartAsync("eu-west-1", Tokens.Accept, Ct);
        aws.Sts.TrustedIssuer = token => kube.ServiceAccountTokens.Verify(token, "sts.amazonaws.com", out _) is not null;
        var settings = new AwsProviderSettings { StsEndpoint = aws.Sts.Address, EcrEndpoint = aws.Ecr.Address };
        var host = await StartAsync(Providers("aws", () => new AwsRegistryProvider(settings)), "--feature-gates=ObjectLevelWorkloadIdentity=true");
        await CreateServiceAccountAsync(host, "intruder", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::123456789012:role/someone-else" });
        await CreateProxySecretAsync(host, proxy.Address);

        await host.ApplyAsync("aws-denied", EcrSpec("cloud/aws") with { ServiceAccountName = "intruder", ProxySecretRef = ProxySecret }, Ct);
        var obj = await WaitReadyOrFailedAsync(host, "aws-denied");

        var failed = ControllerHost.Condition(obj, ConditionTypes.FetchFailed)!;
        Assert.Equal(Reasons.AuthenticationFailed, failed.Reason);
        Assert.StartsWith(
            $"failed to get credential from aws: failed to get access token for artifact registry: failed to create provider access token for service account '{host.Namespace}/intruder': ",
            failed.Message,
            StringComparison.Ordinal);
        Assert.Contains("AccessDenied", failed.Message, StringComparison.Ordinal);
        var token = Assert.Single(kube.ServiceAccountTokens.Issued, t => t.Namespace == host.Namespace).Token;
        Assert.DoesNotContain(token, failed.Message, StringComparison.Ordinal);
        Assert.Empty(aws.Ecr.Requests);
    }

    /// <summary>A registry host of another provider: Flux's parse error, and nothing is asked of the API server or the cloud.</summary>
    [Fact]
    public async Task Aws_RegistryOfAnotherProvider_FailsWithFluxsHostErrorAndAsksNothing()
    {
        var host = await StartAsync(Providers("aws", () => new AwsRegistryProvider(new AwsProviderSettings())));

        await host.ApplyAsync("aws-acr", new OCIRepositorySpec { Url = "oci://myregistry.azurecr.io/team/app", Interval = "10m", Provider = "aws" }, Ct);
        var obj = await WaitReadyOrFailedAsync(host, "aws-acr");

        var failed = ControllerHost.Condition(obj, ConditionTypes.FetchFailed)!;
        Assert.Equal(Reasons.AuthenticationFailed, failed.Reason);
        Assert.StartsWith("failed to get credential from aws: invalid AWS registry: 'myregistry.azurecr.io'. must match ", failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(kube.ServiceAccountTokens.Issued, t => t.Namespace == host.Namespace);
    }

    /// <summary>
    /// <c>--default-service-account</c>: an object that names no ServiceAccount authenticates as that one in its own
    /// namespace, never as the controller; when it does not exist, Flux's lockdown message.
    /// </summary>
    [Fact]
    public async Task DefaultServiceAccountMissing_FailsWithTheLockdownMessage()
    {
        var host = await StartAsync(
            Providers("aws", () => new AwsRegistryProvider(new AwsProviderSettings())),
            "--feature-gates=ObjectLevelWorkloadIdentity=true",
            "--default-service-account=tenant-puller");

        await host.ApplyAsync("lockdown", EcrSpec("cloud/aws"), Ct);
        var obj = await WaitReadyOrFailedAsync(host, "lockdown");

        var failed = ControllerHost.Condition(obj, ConditionTypes.FetchFailed)!;
        Assert.Equal(
            $"failed to get credential from aws: failed to get access token for artifact registry: failed to get service account '{host.Namespace}/tenant-puller': the specified default service account does not exist in the object namespace. your cluster is subject to multi-tenant workload identity lockdown, reach out to your cluster administrator for help",
            failed.Message);
    }

    /// <summary>The controller may not create tokens for the ServiceAccount (RBAC): the API server's answer in Flux's message.</summary>
    [Fact]
    public async Task TokenRequestForbidden_FailsWithTheApiServersAnswer()
    {
        var host = await StartAsync(Providers("aws", () => new AwsRegistryProvider(new AwsProviderSettings())), "--feature-gates=ObjectLevelWorkloadIdentity=true");
        await CreateServiceAccountAsync(host, "locked", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::123456789012:role/ocisource-pull" });
        kube.ForbidCoreObject("serviceaccounts/token", host.Namespace, "locked");

        await host.ApplyAsync("forbidden", EcrSpec("cloud/aws") with { ServiceAccountName = "locked" }, Ct);
        var obj = await WaitReadyOrFailedAsync(host, "forbidden");

        var failed = ControllerHost.Condition(obj, ConditionTypes.FetchFailed)!;
        Assert.StartsWith(
            $"failed to get credential from aws: failed to get access token for artifact registry: failed to create kubernetes token for service account '{host.Namespace}/locked': ",
            failed.Message,
            StringComparison.Ordinal);
        Assert.Contains("cannot create resource \"serviceaccounts/token\"", failed.Message, StringComparison.Ordinal);
    }

    private static OCIRepositorySpec EcrSpec(string repository) => new()
    {
        Url = $"oci://{EcrHost}/{repository}",
        Interval = "10m",
        Provider = "aws",
        Insecure = true,
        Reference = new OCIRepositoryRef { Tag = "v1" },
    };

    private static readonly LocalObjectReference ProxySecret = new() { Name = "proxy" };

    /// <summary>Registers a provider registry holding only <paramref name="name"/>, before the controller's composition.</summary>
    private static Action<IServiceCollection> Providers(string name, Func<ICloudRegistryProvider> create) =>
        services => services.AddSingleton(new CloudProviderRegistry(new Dictionary<string, Func<ICloudRegistryProvider>> { [name] = create }));

    private static async Task CreateProxySecretAsync(ControllerHost host, Uri proxy) =>
        await host.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "proxy", NamespaceProperty = host.Namespace },
                Data = new Dictionary<string, byte[]> { ["address"] = Encoding.UTF8.GetBytes(proxy.ToString()) },
            },
            host.Namespace,
            cancellationToken: Ct);

    private static Task<OCIRepository> WaitReadyOrFailedAsync(ControllerHost host, string name) =>
        host.WaitAsync(name, o => ControllerHost.IsReady(o) || ControllerHost.Condition(o, ConditionTypes.FetchFailed) is not null, "Ready or FetchFailed", Ct);
}
