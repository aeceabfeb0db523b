using Google.Apis.Http;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// Google.Apis.Auth's HTTP client factory over a handler the provider owns (the object's proxy, or the direct path to the
/// metadata server), with <see cref="GoogleErrorAnswerHandler"/> underneath the SDK's own message handler.
/// </summary>
internal sealed class GoogleHttpClientFactory(HttpMessageHandler shared, Func<Uri, string> stepOf) : HttpClientFactory
{
    protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args) =>
        new GoogleErrorAnswerHandler(new NonDisposingHandler(shared), stepOf);
}
