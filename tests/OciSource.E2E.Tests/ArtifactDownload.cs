using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using k8s;

namespace OciSource.E2E.Tests;

/// <summary>
/// Fetches a <c>status.artifact.url</c> as an in-cluster consumer would, from outside the cluster: through the API
/// server's service proxy to the Service the URL names (<c>http://&lt;service&gt;.&lt;namespace&gt;.svc…[:port]/path</c>).
/// </summary>
internal static class ArtifactDownload
{
    /// <summary>The bytes served at <paramref name="artifactUrl"/>.</summary>
    /// <exception cref="HttpRequestException">The proxy or the artifact server did not answer 200.</exception>
    public static async Task<byte[]> GetAsync(Kubernetes client, string artifactUrl, CancellationToken cancellationToken)
    {
        var url = new Uri(artifactUrl);
        var labels = url.Host.Split('.');
        var proxy = new Uri(client.BaseUri,
            $"api/v1/namespaces/{labels[1]}/services/{labels[0]}:{url.Port}/proxy{url.AbsolutePath}");
        using var request = new HttpRequestMessage(HttpMethod.Get, proxy);
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        using var response = await client.HttpClient.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary><c>sha256:&lt;hex&gt;</c> of the bytes, as <c>status.artifact.digest</c> states it.</summary>
    public static string Sha256Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The names of the regular files in a tar.gz, without a leading <c>./</c>.</summary>
    public static async Task<IReadOnlyList<string>> FileNamesAsync(byte[] tarGz, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await using var gzip = new GZipStream(new MemoryStream(tarGz), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(cancellationToken: cancellationToken) is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
            {
                names.Add(entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name);
            }
        }

        return names;
    }
}
