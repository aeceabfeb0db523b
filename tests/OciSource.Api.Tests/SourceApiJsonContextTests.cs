using System.Text.Json;
using System.Text.Json.Nodes;
using OciSource.Testing.Kube;

namespace OciSource.Api.Tests;

/// <summary>
/// The source-generated JSON the controller reads and writes its objects with (Native AOT: no reflection) against
/// what the API server sends and the Kubernetes client's reflection-based conventions write.
/// </summary>
public sealed class SourceApiJsonContextTests
{
    /// <summary>An object as the API server answers a status patch: managedFields (fieldsV1 is free-form), dates, conditions.</summary>
    private const string FromServer = """
        {"apiVersion":"source.toolkit.fluxcd.io/v1","kind":"OCIRepository",
         "metadata":{"name":"app","namespace":"ns","uid":"0b5c","resourceVersion":"42","generation":3,
           "creationTimestamp":"2026-12-06T05:45:15Z","finalizers":["finalizers.fluxcd.io"],
           "managedFields":[{"manager":"source-controller","operation":"Update","apiVersion":"source.toolkit.fluxcd.io/v1",
             "time":"2026-12-06T05:45:16Z","fieldsType":"FieldsV1","subresource":"status",
             "fieldsV1":{"f:status":{"f:conditions":{},".":{}}}}]},
         "spec":{"url":"oci://ghcr.io/org/app","interval":"5m","ref":{"semver":">=1.0.0"},"timeout":"60s"},
         "status":{"observedGeneration":3,"url":"http://source-controller/ocirepository/ns/app/latest.tar.gz",
           "conditions":[{"type":"Ready","status":"True","reason":"Succeeded","message":"stored artifact","observedGeneration":3,
             "lastTransitionTime":"2026-12-06T05:45:17Z"}]}}
        """;

    [Fact]
    public void ObjectFromTheServer_RoundTripsUnchanged()
    {
        var obj = JsonSerializer.Deserialize(FromServer, SourceApiJsonContext.Default.OCIRepository)!;

        var written = JsonSerializer.SerializeToNode(obj, SourceApiJsonContext.Default.OCIRepository)!;

        Assert.Equal("2026-12-06T05:45:17Z", written["status"]!["conditions"]![0]!["lastTransitionTime"]!.GetValue<string>());
        Assert.Equal("2026-12-06T05:45:15Z", written["metadata"]!["creationTimestamp"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:status":{"f:conditions":{},".":{}}}"""), written["metadata"]!["managedFields"]![0]!["fieldsV1"]));
        Assert.Equal(">=1.0.0", written["spec"]!["ref"]!["semver"]!.GetValue<string>());
    }

    [Fact]
    public void Writes_WhatTheKubernetesClientsConventionsWrite()
    {
        var obj = JsonSerializer.Deserialize(FromServer, SourceApiJsonContext.Default.OCIRepository)!;

        var generated = JsonSerializer.SerializeToNode(obj, SourceApiJsonContext.Default.OCIRepository);
        var reflected = JsonSerializer.SerializeToNode(obj, TestJson.Options);

        Assert.True(JsonNode.DeepEquals(reflected, generated), $"source-generated:\n{generated}\nreflection:\n{reflected}");
    }

    [Fact]
    public void V1Beta2Object_RoundTrips()
    {
        var obj = JsonSerializer.Deserialize(FromServer.Replace("/v1\"", "/v1beta2\"", StringComparison.Ordinal), SourceApiJsonContext.Default.V1Beta2OCIRepository)!;

        var written = JsonSerializer.SerializeToNode(obj, SourceApiJsonContext.Default.V1Beta2OCIRepository)!;

        Assert.Equal("source.toolkit.fluxcd.io/v1beta2", written["apiVersion"]!.GetValue<string>());
        Assert.Equal("Succeeded", written["status"]!["conditions"]![0]!["reason"]!.GetValue<string>());
    }
}
