using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OciSource.Testing.Kube;

namespace OciSource.Testing.Tests;

/// <summary>The test front's TokenRequest API behaves as the API server's: tokens for existing ServiceAccounts only, with the requested audiences, signed by the cluster issuer.</summary>
[Collection(KubeApiCollection.Name)]
public sealed class ServiceAccountTokenRequestTests(KubeApiFixture kube)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TokenRequest_ForAServiceAccount_IssuesAVerifiableTokenForTheAudiences()
    {
        using var client = kube.CreateClient();
        var ns = await kube.CreateNamespaceAsync("satoken", Ct);
        await client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "workload" } }, ns, cancellationToken: Ct);

        var issued = await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = ["sts.amazonaws.com"] } }, "workload", ns, cancellationToken: Ct);

        var claims = kube.ServiceAccountTokens.Verify(issued.Status.Token, "sts.amazonaws.com", out var error);
        Assert.True(claims is not null, error);
        Assert.Equal($"system:serviceaccount:{ns}:workload", claims!["sub"]!.GetValue<string>());
        Assert.Null(kube.ServiceAccountTokens.Verify(issued.Status.Token, "api://AzureADTokenExchange", out var wrongAudience));
        Assert.Equal("audience is not 'api://AzureADTokenExchange'", wrongAudience);
        Assert.Null(kube.ServiceAccountTokens.Verify(issued.Status.Token[..^4] + "AAAA", "sts.amazonaws.com", out _));
    }

    [Fact]
    public async Task TokenRequest_ForAMissingOrForbiddenServiceAccount_IsRefusedAsTheApiServerRefusesIt()
    {
        using var client = kube.CreateClient();
        var ns = await kube.CreateNamespaceAsync("satoken", Ct);
        await client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "locked" } }, ns, cancellationToken: Ct);
        kube.ForbidCoreObject("serviceaccounts/token", ns, "locked");
        var request = new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = ["x"] } };

        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, "absent", ns, cancellationToken: Ct));
        var forbidden = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, "locked", ns, cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Response.StatusCode);
        var message = System.Text.Json.Nodes.JsonNode.Parse(forbidden.Response.Content)!["message"]!.GetValue<string>();
        Assert.Contains("cannot create resource \"serviceaccounts/token\"", message, StringComparison.Ordinal);
    }
}
