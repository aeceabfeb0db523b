using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace OciSource.Controller.Reconciliation;

/// <summary>Reads a Secret fresh from the API server (uncached, as Flux), turning the usual failures into plain messages.</summary>
internal sealed class SecretReader(IKubernetes client)
{
    /// <exception cref="SecretReadException">
    /// The Secret does not exist, or may not be read (401/403): <c>failed to get secret '&lt;ns&gt;/&lt;name&gt;': …</c> with the
    /// API server's own words. Other API failures propagate as <see cref="HttpOperationException"/>.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<V1Secret> ReadAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new SecretReadException($"failed to get secret '{ns}/{name}': secrets \"{name}\" not found", ex);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new SecretReadException($"failed to get secret '{ns}/{name}': {ApiServerStatus.Message(ex)}", ex);
        }
    }
}
