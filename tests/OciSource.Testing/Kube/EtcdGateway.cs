using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace OciSource.Testing.Kube;

/// <summary>
/// etcd's v3 JSON gateway (<c>/v3/kv/…</c> over plain HTTP on the fixture's etcd), for faults no API call can cause:
/// compacting history (so old resourceVersions answer <c>410 Gone</c>) and removing an object behind the API server's back.
/// </summary>
public sealed class EtcdGateway(Uri address)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The etcd key of a custom object under apiextensions-apiserver's default <c>--etcd-prefix</c>.</summary>
    public static string CustomObjectKey(string group, string plural, string @namespace, string name) =>
        $"/registry/apiextensions.kubernetes.io/{group}/{plural}/{@namespace}/{name}";

    /// <summary>Compacts away every revision before the current one; returns that revision.</summary>
    public async Task<long> CompactAsync(CancellationToken cancellationToken)
    {
        var range = await PostAsync("/v3/kv/range", new JsonObject { ["key"] = Base64("/"), ["limit"] = 1 }, cancellationToken);
        var revision = long.Parse(range["header"]!["revision"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        await PostAsync("/v3/kv/compaction", new JsonObject { ["revision"] = revision, ["physical"] = true }, cancellationToken);
        return revision;
    }

    /// <summary>Deletes one key; returns how many keys were deleted (0 or 1).</summary>
    public async Task<int> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var response = await PostAsync("/v3/kv/deleterange", new JsonObject { ["key"] = Base64(key) }, cancellationToken);
        return int.Parse(response["deleted"]?.GetValue<string>() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<JsonNode> PostAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsync(new Uri(address, path), JsonContent.Create(body), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"etcd {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!;
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
