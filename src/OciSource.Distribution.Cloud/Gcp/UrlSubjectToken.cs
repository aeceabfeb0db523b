namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>A URL-sourced subject token (<c>credential_source.url</c> with its <c>headers</c>), fetched for every exchange.</summary>
internal sealed class UrlSubjectToken(GoogleEndpointClient client, Uri address, IReadOnlyDictionary<string, string> headers, SubjectTokenFormat format)
    : ISubjectTokenSource
{
    public async Task<string> GetSubjectTokenAsync(CancellationToken cancellationToken)
    {
        var origin = $"subject token URL {address.GetLeftPart(UriPartial.Path)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return format.Extract(await client.SendAsync(request, origin, cancellationToken).ConfigureAwait(false), origin);
    }

    public override string ToString() => $"UrlSubjectToken({address.GetLeftPart(UriPartial.Path)}, <redacted>)";
}
