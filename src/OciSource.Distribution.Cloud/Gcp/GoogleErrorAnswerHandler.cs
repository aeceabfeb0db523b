using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// Under Google.Apis.Auth's own handler: turns a failed call or an error answer into a
/// <see cref="GoogleEndpointException"/> naming the step (told apart by the request's address) and the endpoint's error
/// text, so the SDK's generic "response does not contain a JSON object" never hides it. The error body is read bounded.
/// </summary>
internal sealed class GoogleErrorAnswerHandler(HttpMessageHandler inner, Func<Uri, string> stepOf) : DelegatingHandler(inner)
{
    private const int MaxErrorBytes = 64 * 1024;

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

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            byte[] body;
            try
            {
                body = await BoundedReader.ReadAsync(stream, MaxErrorBytes, $"{step} error answer", cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                body = [];
            }

            throw new GoogleEndpointException($"{step} failed: {GoogleErrorText.Describe(response.StatusCode, body)}");
        }
    }
}
