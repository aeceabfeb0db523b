using System.Globalization;
using System.Net;
using System.Text.Json;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.Referrers;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Client;

public sealed partial class RegistryClient : IReferrersApi
{
    /// <summary>Most pages of one referrers listing followed.</summary>
    public const int MaxReferrersPages = 16;

    /// <summary>Most bytes of one referrers listing, all pages together (each page is also at most <see cref="RegistryClientOptions.MaxManifestBytes"/>).</summary>
    public const int MaxReferrersBytes = 8 * 1024 * 1024;

    /// <summary>The <c>OCI-Filters-Applied</c> response header of the distribution spec.</summary>
    private const string FiltersAppliedHeader = "OCI-Filters-Applied";

    public async Task<IReadOnlyList<Descriptor>?> GetReferrersAsync(Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        var operation = $"list referrers of {Repository}@{subject}";
        var query = artifactType is null ? string.Empty : "?artifactType=" + Uri.EscapeDataString(artifactType);
        Uri? next = RepositoryUri("referrers/" + subject + query);
        var budget = (long)MaxReferrersBytes;
        var visited = new HashSet<Uri>();
        var referrers = new List<Descriptor>();
        while (next is not null)
        {
            if (!visited.Add(next))
            {
                throw new RegistryException($"{operation}: the registry's pagination loops back to {next.PathAndQuery}");
            }

            if (visited.Count > MaxReferrersPages)
            {
                throw new ContentTooLargeException(string.Create(CultureInfo.InvariantCulture, $"{operation}: more than {MaxReferrersPages} pages"));
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.TryAddWithoutValidation("Accept", MediaTypes.OciIndex);
            HttpResponseMessage response;
            try
            {
                response = await SendAsync(request, operation, cancellationToken);
            }
            catch (RegistryException e) when (visited.Count == 1 && e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.NotAcceptable)
            {
                return null;
            }

            using (response)
            {
                if (response.Content.Headers.ContentType?.MediaType != MediaTypes.OciIndex)
                {
                    return visited.Count == 1
                        ? null
                        : throw new RegistryException($"{operation}: a later page is not an OCI index");
                }

                var page = await BoundedContent.ReadAsync(response.Content, Math.Min(_options.MaxManifestBytes, budget), $"{operation}: page", cancellationToken);
                budget -= page.Length;
                var filtered = artifactType is not null && FilterApplied(response, "artifactType");
                referrers.AddRange(ParsePage(page, operation).Where(d => artifactType is null || filtered || d.ArtifactType == artifactType));
                next = NextPage(response, next, operation);
            }
        }

        return referrers;
    }

    private static IReadOnlyList<Descriptor> ParsePage(byte[] page, string operation)
    {
        try
        {
            return JsonSerializer.Deserialize(page, ContentJsonContext.Default.ImageIndex)?.Manifests
                ?? throw new RegistryException($"{operation}: the registry's answer is empty");
        }
        catch (JsonException)
        {
            throw new RegistryException($"{operation}: the registry's answer is not an OCI index");
        }
    }

    private static bool FilterApplied(HttpResponseMessage response, string filter) =>
        response.Headers.NonValidated.TryGetValues(FiltersAppliedHeader, out var values) &&
        values.SelectMany(v => v.Split(',')).Any(v => v.Trim().Equals(filter, StringComparison.Ordinal));
}
