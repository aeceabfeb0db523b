using System.Globalization;
using OciSource.Distribution.Errors;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// Sends one request to a Google endpoint over a handler the provider owns (the object's proxy, or the direct path to
/// the metadata server) and returns the body of a successful answer, read bounded. A failed call, a timeout, an
/// oversized answer or an error answer becomes a <see cref="GoogleEndpointException"/> naming the step and holding the
/// endpoint's error text (<see cref="GoogleErrorText"/>). No retries: the next reconcile tries again.
/// </summary>
internal sealed class GoogleEndpointClient(HttpMessageHandler handler)
{
    /// <summary>A token answer is a few KiB; an error answer is cut here too.</summary>
    internal const int MaxAnswerBytes = 256 * 1024;

    /// <summary>How long one call may take, answer included.</summary>
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <exception cref="GoogleEndpointException">The call failed or the endpoint answered with an error.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<byte[]> SendAsync(HttpRequestMessage request, string step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        HttpResponseMessage response;
        try
        {
            response = await invoker.SendAsync(request, deadline.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new GoogleEndpointException($"{step} failed: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(step, e);
        }

        using (response)
        {
            byte[] body;
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
                body = await BoundedReader.ReadAsync(stream, MaxAnswerBytes, $"{step} answer", deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or ContentTooLargeException)
            {
                throw new GoogleEndpointException($"{step} failed: HTTP {(int)response.StatusCode}: {e.Message}", e);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw TimedOut(step, e);
            }

            return response.IsSuccessStatusCode
                ? body
                : throw new GoogleEndpointException($"{step} failed: {GoogleErrorText.Describe(response.StatusCode, body)}");
        }
    }

    private static GoogleEndpointException TimedOut(string step, Exception cause) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{step} failed: no answer within {Timeout.TotalSeconds:0} s"), cause);
}
