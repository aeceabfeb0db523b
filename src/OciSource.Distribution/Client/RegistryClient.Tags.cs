using System.Globalization;
using System.Text.Json;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Client;

public sealed partial class RegistryClient
{
    private const int MaxTagPageBytes = 8 * 1024 * 1024;

    /// <summary>The longest tag the OCI distribution spec allows (<c>[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}</c>).</summary>
    public const int MaxTagLength = 128;

    /// <summary>
    /// Every tag of the repository, following <c>Link</c> pagination on the same host. Bounded: at most
    /// <see cref="RegistryClientOptions.MaxTags"/> tags and <see cref="RegistryClientOptions.MaxTagListBytes"/> bytes over
    /// all pages together (each page also at most 8 MiB).
    /// </summary>
    /// <exception cref="ContentTooLargeException">More tags or bytes than allowed.</exception>
    /// <exception cref="RegistryException">The registry failed, paginated in a loop or to another host, answered no tag list, or listed a tag longer than <see cref="MaxTagLength"/>.</exception>
    public async Task<IReadOnlyList<string>> ListTagsAsync(CancellationToken cancellationToken)
    {
        var budget = _options.MaxTagListBytes;
        var operation = $"list tags of {Repository}";
        var tags = new List<string>();
        var visited = new HashSet<Uri>();
        Uri? next = RepositoryUri(string.Create(CultureInfo.InvariantCulture, $"tags/list?n={_options.TagPageSize}"));
        while (next is not null)
        {
            if (!visited.Add(next))
            {
                throw new RegistryException($"{operation}: the registry's pagination loops back to {next.PathAndQuery}");
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await SendAsync(request, operation, cancellationToken);
            byte[] page;
            try
            {
                page = await BoundedContent.ReadAsync(response.Content, Math.Min(MaxTagPageBytes, budget), $"{operation}: page", cancellationToken);
            }
            catch (ContentTooLargeException) when (budget < MaxTagPageBytes)
            {
                throw new ContentTooLargeException(string.Create(CultureInfo.InvariantCulture,
                    $"{operation}: the tag list is larger than {_options.MaxTagListBytes} bytes (all pages together); narrow the repository or raise the limit"));
            }

            budget -= page.Length;
            TagList? list;
            try
            {
                list = JsonSerializer.Deserialize(page, ContentJsonContext.Default.TagList);
            }
            catch (JsonException)
            {
                throw new RegistryException($"{operation}: the registry's answer is not a tag list");
            }

            foreach (var tag in list?.Tags ?? [])
            {
                // The registry's text is not echoed: it lands in conditions and events.
                if (tag is null || tag.Length > MaxTagLength)
                {
                    throw new RegistryException(tag is null
                        ? $"{operation}: the registry's tag list holds a null tag"
                        : string.Create(CultureInfo.InvariantCulture, $"{operation}: the registry listed a tag of {tag.Length} characters; the OCI limit is {MaxTagLength}"));
                }

                tags.Add(tag);
            }

            if (tags.Count > _options.MaxTags)
            {
                throw new ContentTooLargeException(string.Create(
                    CultureInfo.InvariantCulture, $"{operation}: more than {_options.MaxTags} tags; narrow the repository or raise the limit"));
            }

            next = NextPage(response, next, operation);
        }

        return tags;
    }

    /// <summary>The <c>rel="next"</c> target of the <c>Link</c> header, resolved against the current page; same host only.</summary>
    private static Uri? NextPage(HttpResponseMessage response, Uri current, string operation)
    {
        if (!response.Headers.NonValidated.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            foreach (var link in value.Split(','))
            {
                var open = link.IndexOf('<', StringComparison.Ordinal);
                var close = link.IndexOf('>', StringComparison.Ordinal);
                if (open < 0 || close < open || !link[close..].Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var target = new Uri(response.RequestMessage?.RequestUri ?? current, link[(open + 1)..close]);
                return target.Authority.Equals(current.Authority, StringComparison.OrdinalIgnoreCase)
                    ? new UriBuilder(target) { Scheme = current.Scheme, Port = current.Port }.Uri
                    : throw new RegistryException($"{operation}: the next page is on another host ({target.Authority})");
            }
        }

        return null;
    }
}
