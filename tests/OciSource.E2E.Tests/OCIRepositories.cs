using System.Text.Json;
using k8s;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;

namespace OciSource.E2E.Tests;

/// <summary>OCIRepository objects of one namespace through the cluster's API server.</summary>
internal sealed class OCIRepositories(IKubernetes client, string ns)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>Creates a <c>v1</c> object.</summary>
    public Task<OCIRepository> CreateAsync(string name, OCIRepositorySpec spec, CancellationToken cancellationToken) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync<OCIRepository>(
            new OCIRepository { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns }, Spec = spec },
            SourceApi.Group, OCIRepository.Version, ns, SourceApi.Plural, cancellationToken: cancellationToken);

    /// <summary>Creates a <c>v1beta2</c> object, as manifests written for older Flux do.</summary>
    public Task<Api.V1Beta2.OCIRepository> CreateV1Beta2Async(string name, OCIRepositorySpec spec, CancellationToken cancellationToken) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync<Api.V1Beta2.OCIRepository>(
            new Api.V1Beta2.OCIRepository { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns }, Spec = spec },
            SourceApi.Group, Api.V1Beta2.OCIRepository.Version, ns, SourceApi.Plural, cancellationToken: cancellationToken);

    /// <summary>Reads an object as <c>v1</c>, the storage version.</summary>
    public Task<OCIRepository> GetAsync(string name, CancellationToken cancellationToken) =>
        client.CustomObjects.GetNamespacedCustomObjectAsync<OCIRepository>(SourceApi.Group, OCIRepository.Version, ns, SourceApi.Plural, name, cancellationToken);

    /// <summary>Polls the object until <paramref name="done"/> holds.</summary>
    /// <exception cref="TimeoutException">It did not within <paramref name="timeout"/>; the message has the last status.</exception>
    public async Task<OCIRepository> WaitAsync(string name, Func<OCIRepository, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var current = await GetAsync(name, cancellationToken);
            if (done(current))
            {
                return current;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"{ns}/{name} did not get there within {timeout}; last status:\n{JsonSerializer.Serialize(current.Status)}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Deletes every object of the namespace and waits (up to a minute) until the controller let them go.</summary>
    public async Task DeleteAllAsync(CancellationToken cancellationToken)
    {
        await client.CustomObjects.DeleteCollectionNamespacedCustomObjectAsync(SourceApi.Group, OCIRepository.Version, ns, SourceApi.Plural, cancellationToken: cancellationToken);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            var left = (JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync(
                SourceApi.Group, OCIRepository.Version, ns, SourceApi.Plural, cancellationToken: cancellationToken);
            if (left.GetProperty("items").GetArrayLength() == 0)
            {
                return;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Ready=True for the current generation.</summary>
    public static bool IsReady(OCIRepository obj) =>
        Condition(obj, ConditionTypes.Ready)?.Status == "True" && obj.Status?.ObservedGeneration == obj.Metadata.Generation;

    public static V1Condition? Condition(OCIRepository obj, string type) => obj.Status?.Conditions?.FirstOrDefault(c => c.Type == type);
}
