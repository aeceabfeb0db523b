using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace OciSource.Testing.Kube;

/// <summary>Creates (or replaces) CustomResourceDefinitions and waits until each is Established.</summary>
public static class CrdInstaller
{
    private static readonly TimeSpan EstablishTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The CRD manifests the project ships in <c>crds/</c>.</summary>
    public static IEnumerable<string> ProjectCrds() =>
        Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot, "crds"), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText);

    /// <summary>The infrastructure CRDs the local API server needs: Lease, Event and the front's core storage.</summary>
    public static IEnumerable<string> InfrastructureCrds()
    {
        var assembly = typeof(CrdInstaller).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("OciSource.Testing.Crds.", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return reader.ReadToEnd();
        }
    }

    /// <exception cref="TimeoutException">A CRD was not Established within a minute; the message names its conditions.</exception>
    public static async Task InstallAsync(IKubernetes client, IEnumerable<string> manifests, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        foreach (var manifest in manifests)
        {
            var crd = KubernetesJson.Deserialize<V1CustomResourceDefinition>(YamlToJson.Convert(manifest));
            try
            {
                await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                var existing = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: cancellationToken);
                crd.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
                await client.ApiextensionsV1.ReplaceCustomResourceDefinitionAsync(crd, crd.Metadata.Name, cancellationToken: cancellationToken);
            }

            names.Add(crd.Metadata.Name);
        }

        foreach (var name in names)
        {
            await WaitEstablishedAsync(client, name, cancellationToken);
        }
    }

    private static async Task WaitEstablishedAsync(IKubernetes client, string name, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + EstablishTimeout;
        while (true)
        {
            var crd = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(name, cancellationToken: cancellationToken);
            var conditions = crd.Status?.Conditions ?? [];
            if (conditions.Any(c => c.Type == "Established" && c.Status == "True"))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                var described = string.Join("; ", conditions.Select(c => $"{c.Type}={c.Status} {c.Reason}: {c.Message}"));
                throw new TimeoutException($"CRD {name} not Established after {EstablishTimeout.TotalSeconds:0} s: {described}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
