using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Testing.Registry;

namespace OciSource.Controller.Tests;

/// <summary>
/// Issue 14, fail closed: until signature verification is implemented, an object that asks for it is never served
/// unverified content. <c>SourceVerified=False</c> and <c>Ready=False</c> (<c>VerificationError</c>), nothing is
/// requested from the registry, the previous artifact keeps serving; removing <c>spec.verify</c> removes the condition.
/// </summary>
public sealed partial class OCIRepositoryReconcilerTests
{
    [Theory]
    [InlineData("cosign", true, "cosign")]
    [InlineData("cosign", false, "cosign keyless")]
    [InlineData("notation", true, "notation")]
    public async Task Verify_NotYetSupported_FailsClosedWithoutPullingAndThePreviousArtifactKeepsServing(string provider, bool withSecret, string shownProvider)
    {
        var name = $"verify-{provider}-{(withSecret ? "key" : "keyless")}";
        await PushManifestsAsync($"ctrl/{name}", "v1", new Dictionary<string, string> { ["a.yaml"] = "one" });
        await using var front = await TamperingFront.StartAsync(Registry, Ct);
        var spec = Spec($"ctrl/{name}", new OCIRepositoryRef { Tag = "v1" }) with { Url = $"oci://{front.Host}/ctrl/{name}" };
        await _controller.ApplyAsync(name, spec, Ct);
        var before = await _controller.WaitAsync(name, ControllerHost.IsReady, "Ready=True", Ct);
        await PushManifestsAsync($"ctrl/{name}", "v1", new Dictionary<string, string> { ["a.yaml"] = "two" });
        front.ClearRequests();

        var verify = new OCIRepositoryVerification { Provider = provider, SecretRef = withSecret ? new LocalObjectReference { Name = "keys" } : null };
        await PatchSpecAsync(name, new { spec = new { verify } });
        var failed = await _controller.WaitAsync(
            name, o => o.Status?.ObservedGeneration == o.Metadata.Generation && ControllerHost.Condition(o, ConditionTypes.SourceVerified) is not null, "SourceVerified", Ct);

        var verified = ControllerHost.Condition(failed, ConditionTypes.SourceVerified)!;
        Assert.Equal(("False", Reasons.VerificationError), (verified.Status, verified.Reason));
        Assert.StartsWith($"failed to verify the signature using provider '{shownProvider}': ", verified.Message, StringComparison.Ordinal);
        var ready = ControllerHost.Condition(failed, ConditionTypes.Ready)!;
        Assert.Equal(("False", Reasons.VerificationError, verified.Message), (ready.Status, ready.Reason, ready.Message));
        Assert.DoesNotContain(front.Requests, r => r.PathAndQuery.StartsWith("/v2/ctrl/", StringComparison.Ordinal));
        Assert.Equal((before.Status!.Artifact!.Revision, before.Status.Artifact.Digest), (failed.Status!.Artifact!.Revision, failed.Status.Artifact.Digest));
        Assert.Equal(before.Status.Artifact.Digest, ArtifactContent.Sha256(await Http.GetByteArrayAsync(new Uri(before.Status.Artifact.Url), Ct)));
        var warning = await WaitForEventAsync(name, Reasons.VerificationError);
        Assert.Equal(verified.Message, warning.Note);

        await PatchSpecAsync(name, System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"verify":null}}""")!);
        var after = await _controller.WaitAsync(name, o => ControllerHost.IsReady(o) && o.Status!.Artifact!.Digest != before.Status.Artifact.Digest, "Ready=True with the new revision", Ct);
        Assert.Null(ControllerHost.Condition(after, ConditionTypes.SourceVerified));
    }
}
