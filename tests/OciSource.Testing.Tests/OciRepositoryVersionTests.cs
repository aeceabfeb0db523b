using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OciSource.Testing.Kube;

namespace OciSource.Testing.Tests;

/// <summary>
/// The project's OCIRepository CRD, served by the real API server in both versions: an object written through the
/// deprecated v1beta2 keeps every field v1 has (v1beta2's schema prunes what it does not list), and v1beta2's status
/// schema requires <c>artifact.digest</c> as Flux's v1beta2 did since source-controller v1.7.
/// </summary>
[Collection(KubeApiCollection.Name)]
public sealed class OciRepositoryVersionTests(KubeApiFixture fixture) : IDisposable
{
    private const string Group = "source.toolkit.fluxcd.io";
    private const string Plural = "ocirepositories";
    private readonly Kubernetes _client = fixture.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task V1beta2Update_OfAnObjectWithATrustedRootWrittenThroughV1_KeepsTheTrustedRoot()
    {
        var ns = await fixture.CreateNamespaceAsync("versions", Ct);
        var verify = new JsonObject
        {
            ["provider"] = "cosign",
            ["matchOIDCIdentity"] = new JsonArray(new JsonObject { ["issuer"] = "^https://issuer$", ["subject"] = "^me$" }),
            ["trustedRootSecretRef"] = new JsonObject { ["name"] = "private-sigstore" },
        };
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(OciRepository("v1", ns, "trusted", verify), Group, "v1", ns, Plural, cancellationToken: Ct);

        var asV1Beta2 = Node(await _client.CustomObjects.GetNamespacedCustomObjectAsync(Group, "v1beta2", ns, Plural, "trusted", Ct));
        asV1Beta2["spec"]!["interval"] = "7m";
        var replaced = Node(await _client.CustomObjects.ReplaceNamespacedCustomObjectAsync(asV1Beta2, Group, "v1beta2", ns, Plural, "trusted", cancellationToken: Ct));
        var asV1 = Node(await _client.CustomObjects.GetNamespacedCustomObjectAsync(Group, "v1", ns, Plural, "trusted", Ct));

        Assert.Equal(2, replaced["metadata"]!["generation"]!.GetValue<long>()); // the v1beta2 write went through
        Assert.Equal("7m", asV1["spec"]!["interval"]!.GetValue<string>());
        Assert.Equal("private-sigstore", asV1["spec"]!["verify"]!["trustedRootSecretRef"]?["name"]?.GetValue<string>());
        Assert.Equal("^me$", asV1["spec"]!["verify"]!["matchOIDCIdentity"]![0]!["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task V1beta2Create_WithATrustedRoot_KeepsIt()
    {
        var ns = await fixture.CreateNamespaceAsync("versions", Ct);
        var verify = new JsonObject { ["provider"] = "cosign", ["trustedRootSecretRef"] = new JsonObject { ["name"] = "private-sigstore" } };

        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(OciRepository("v1beta2", ns, "created", verify), Group, "v1beta2", ns, Plural, cancellationToken: Ct);
        var asV1 = Node(await _client.CustomObjects.GetNamespacedCustomObjectAsync(Group, "v1", ns, Plural, "created", Ct));

        Assert.Equal("private-sigstore", asV1["spec"]!["verify"]!["trustedRootSecretRef"]?["name"]?.GetValue<string>());
    }

    [Fact]
    public async Task V1beta2Status_WithAnArtifactLackingItsDigest_IsRefused()
    {
        var ns = await fixture.CreateNamespaceAsync("versions", Ct);
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(OciRepository("v1beta2", ns, "status", null), Group, "v1beta2", ns, Plural, cancellationToken: Ct);
        var artifact = new JsonObject
        {
            ["path"] = "ocirepository/ns/status/sha256:abc.tar.gz",
            ["url"] = "http://source-controller/ocirepository/ns/status/sha256:abc.tar.gz",
            ["revision"] = "latest@sha256:" + new string('a', 64),
            ["lastUpdateTime"] = "2026-12-06T00:00:00Z",
            ["digest"] = "sha256:" + new string('b', 64),
        };
        // The same artifact with its digest is accepted through v1beta2: the refusal below is about the digest alone.
        var accepted = Node(await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(StatusPatch(artifact), Group, "v1beta2", ns, Plural, "status", cancellationToken: Ct));
        Assert.Equal("sha256:" + new string('b', 64), accepted["status"]!["artifact"]!["digest"]!.GetValue<string>());

        var withoutDigest = artifact.DeepClone().AsObject();
        withoutDigest["digest"] = null; // a merge patch removes the field
        var error = await Assert.ThrowsAsync<HttpOperationException>(
            () => _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(StatusPatch(withoutDigest), Group, "v1beta2", ns, Plural, "status", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Contains("status.artifact.digest", error.Response.Content, StringComparison.Ordinal);
    }

    public void Dispose() => _client.Dispose();

    private static V1Patch StatusPatch(JsonObject artifact) =>
        new(new JsonObject { ["status"] = new JsonObject { ["artifact"] = artifact } }.ToJsonString(), V1Patch.PatchType.MergePatch);

    private static JsonObject OciRepository(string version, string ns, string name, JsonObject? verify)
    {
        var spec = new JsonObject { ["interval"] = "5m", ["url"] = "oci://127.0.0.1:5000/versions/app" };
        if (verify is not null)
        {
            spec["verify"] = verify;
        }

        return new JsonObject
        {
            ["apiVersion"] = $"{Group}/{version}",
            ["kind"] = "OCIRepository",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        };
    }

    private static JsonNode Node(object response) => JsonSerializer.SerializeToNode(response)!;
}
