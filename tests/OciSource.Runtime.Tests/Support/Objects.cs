using k8s;
using k8s.Models;

namespace OciSource.Runtime.Tests.Support;

/// <summary>Writes test objects through the real API server.</summary>
public static class Objects
{
    private static readonly OciSource.Runtime.Informer.ResourceType R = TestOciRepository.Resource;

    public static Task<TestOciRepository> CreateAsync(IKubernetes client, TestOciRepository obj, CancellationToken ct) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync<TestOciRepository>(obj, R.Group, R.Version, obj.Metadata.NamespaceProperty, R.Plural, cancellationToken: ct);

    public static Task<TestOciRepository> GetAsync(IKubernetes client, string ns, string name, CancellationToken ct) =>
        client.CustomObjects.GetNamespacedCustomObjectAsync<TestOciRepository>(R.Group, R.Version, ns, R.Plural, name, ct);

    public static Task<TestOciRepository> PatchAsync(IKubernetes client, string ns, string name, string mergePatch, CancellationToken ct) =>
        client.CustomObjects.PatchNamespacedCustomObjectAsync<TestOciRepository>(
            new V1Patch(mergePatch, V1Patch.PatchType.MergePatch), R.Group, R.Version, ns, R.Plural, name, cancellationToken: ct);

    public static Task<TestOciRepository> PatchStatusAsync(IKubernetes client, string ns, string name, string mergePatch, CancellationToken ct) =>
        client.CustomObjects.PatchNamespacedCustomObjectStatusAsync<TestOciRepository>(
            new V1Patch(mergePatch, V1Patch.PatchType.MergePatch), R.Group, R.Version, ns, R.Plural, name, cancellationToken: ct);

    public static Task DeleteAsync(IKubernetes client, string ns, string name, CancellationToken ct) =>
        client.CustomObjects.DeleteNamespacedCustomObjectAsync(R.Group, R.Version, ns, R.Plural, name, cancellationToken: ct);

    /// <summary>Polls <paramref name="condition"/> every 20 ms until true; fails the test after <paramref name="seconds"/>.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, CancellationToken ct, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(20, ct);
        }
    }
}
