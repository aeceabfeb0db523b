using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OciSource.Runtime;
using OciSource.Runtime.Informer;

namespace OciSource.Controller.Reconciliation;

/// <summary>
/// Reads a Secret, turning the usual failures into plain messages: fresh from the API server (uncached, Flux's default),
/// or, with Flux's <c>CacheSecretsAndConfigMaps</c> gate, from an informer cache of the watched namespace(s) that its
/// owner runs. A cached read waits for the cache's first list (as controller-runtime's cache reader) and returns the
/// shared cached object, which callers must not modify.
/// </summary>
internal sealed class SecretReader(IKubernetes client, Informer<V1Secret>? cache)
{
    /// <summary>Reads every Secret with a GET.</summary>
    public SecretReader(IKubernetes client)
        : this(client, null)
    {
    }

    /// <exception cref="SecretReadException">
    /// The Secret does not exist (for a cached reader: is not in the cache), or may not be read (401/403):
    /// <c>failed to get secret '&lt;ns&gt;/&lt;name&gt;': …</c> with the API server's own words. Other API failures propagate as <see cref="HttpOperationException"/>.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<V1Secret> ReadAsync(string ns, string name, CancellationToken cancellationToken)
    {
        if (cache is not null)
        {
            // As controller-runtime's cache reader: wait for the first list, then answer from memory.
            await cache.ReadyAsync(cancellationToken);
            return cache.Get(new ReconcileRequest(ns, name))
                ?? throw new SecretReadException($"failed to get secret '{ns}/{name}': secrets \"{name}\" not found") { NotFound = true };
        }

        try
        {
            return await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new SecretReadException($"failed to get secret '{ns}/{name}': secrets \"{name}\" not found", ex) { NotFound = true };
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new SecretReadException($"failed to get secret '{ns}/{name}': {ApiServerStatus.Message(ex)}", ex);
        }
    }
}
