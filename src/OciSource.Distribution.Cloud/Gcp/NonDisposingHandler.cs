namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>Passes requests to a shared handler the provider owns; disposing this wrapper leaves the shared handler open.</summary>
internal sealed class NonDisposingHandler(HttpMessageHandler shared) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _invoker = new(shared, disposeHandler: false);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _invoker.SendAsync(request, cancellationToken);
}
