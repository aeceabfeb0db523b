namespace OciSource.Distribution.Transport;

/// <summary>
/// Bounds every wait on the registry by <paramref name="idleTimeout"/>: the wait for the response headers (connection
/// and TLS handshake included) fails with an <see cref="HttpRequestException"/>, so it is retried as a connection
/// failure, as does the socket handler's own <c>ConnectTimeout</c> (which .NET reports as a cancellation); each read
/// of the body fails with <see cref="ReadIdleTimeoutException"/>. A download that keeps delivering is never cut,
/// however long it takes (as Flux, where only the transport's timeouts bound a pull). The caller's own cancellation
/// passes through unchanged.
/// </summary>
internal sealed class ReadIdleTimeoutHandler(TimeSpan idleTimeout) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            idle.CancelAfter(idleTimeout);
            try
            {
                response = await base.SendAsync(request, idle.Token);
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // The cancellation itself says nothing more; it is left out so the message stays one sentence.
                throw new HttpRequestException(HttpRequestError.Unknown, "no data received from the registry within the read idle timeout (waiting for the response)");
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                // The handler's own ConnectTimeout surfaces as a cancellation nobody asked for: a connection failure.
                throw new HttpRequestException(HttpRequestError.ConnectionError, e.InnerException?.Message ?? e.Message, e);
            }
        }

        response.Content = new ReadIdleTimeoutContent(response.Content, idleTimeout);
        return response;
    }
}
