using System.Globalization;
using System.Text.Json;
using k8s;
using OciSource.Api;
using OciSource.Api.V1;

namespace OciSource.Benchmarks.Scale;

/// <summary>
/// When the API server stored each OCIRepository's last status write by the controller: the <c>time</c> of its
/// <c>managedFields</c> entry for the <c>status</c> subresource (set by the server, one-second resolution). After every
/// object is Ready, that is when its final (Ready=True) status was written — independent of how late a watcher saw it.
/// </summary>
internal static class StatusWriteTimes
{
    private const int PageSize = 500;

    public static async Task<List<DateTimeOffset>> ListAsync(Kubernetes client, string manager, CancellationToken cancellationToken)
    {
        var times = new List<DateTimeOffset>();
        string? continueToken = null;
        do
        {
            var page = (JsonElement)await client.CustomObjects.ListClusterCustomObjectAsync(
                SourceApi.Group, OCIRepository.Version, SourceApi.Plural, continueParameter: continueToken, limit: PageSize, cancellationToken: cancellationToken);
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                if (LastStatusWrite(item, manager) is { } time)
                {
                    times.Add(time);
                }
            }

            continueToken = page.GetProperty("metadata").TryGetProperty("continue", out var next) ? next.GetString() : null;
        }
        while (!string.IsNullOrEmpty(continueToken));

        return times;
    }

    private static DateTimeOffset? LastStatusWrite(JsonElement obj, string manager)
    {
        if (!obj.GetProperty("metadata").TryGetProperty("managedFields", out var fields))
        {
            return null;
        }

        return fields.EnumerateArray()
            .Where(f => f.TryGetProperty("manager", out var m) && m.GetString() == manager
                && f.TryGetProperty("subresource", out var s) && s.GetString() == "status" && f.TryGetProperty("time", out _))
            .Select(f => (DateTimeOffset?)DateTimeOffset.Parse(f.GetProperty("time").GetString()!, CultureInfo.InvariantCulture))
            .Max();
    }
}
