using System.Net.Http.Headers;
using OciSource.Distribution.Errors;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// Under Google.Apis.Auth's own handler: reads every answer bounded (the SDK itself would read any size), and turns a
/// failed call or an error answer into a <see cref="GoogleEndpointException"/> naming the step (told apart by the
/// request's address) and the endpoint's error text, so the SDK's generic "response does not contain a JSON object"
/// never hides it.
/// </summary>
internal sealed class GoogleErrorAnswerHandler(HttpMessageHandler inner, Func<Uri, string> stepOf) : DelegatingHandler(inner)
{
    /// <summary>A token answer is a few KiB; an error answer is cut here too.</summary>
    internal const int MaxAnswerBytes = 256 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var step = stepOf(request.RequestUri!);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new GoogleEndpointException($"{step} failed: {e.Message}", e);
        }

        byte[] body;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            body = await BoundedReader.ReadAsync(stream, MaxAnswerBytes, $"{step} answer", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ContentTooLargeException)
        {
            response.Dispose();
            throw new GoogleEndpointException($"{step} failed: HTTP {(int)response.StatusCode}: {e.Message}", e);
        }

        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new GoogleEndpointException($"{step} failed: {GoogleErrorText.Describe(response.StatusCode, body)}");
        }

        response.Content = Buffered(response.Content.Headers, body);
        return response;
    }

    private static ByteArrayContent Buffered(HttpContentHeaders original, byte[] body)
    {
        var content = new ByteArrayContent(body);
        foreach (var header in original.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return content;
    }
}
