using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace OciSource.Testing.Registry;

/// <summary>
/// Answers <c>GET /v2/&lt;name&gt;/tags/list</c> for <see cref="Fault.PaginateTags"/>: fetches the registry's whole
/// list (with the client's <c>Authorization</c> and <c>Accept</c>, at most 8 MiB) and sends one page of it.
/// </summary>
internal static class TagListPager
{
    private const int MaxListBytes = 8 * 1024 * 1024;

    /// <summary>Sends a page, or the registry's answer unchanged when it is not a success or the rule is used up.</summary>
    /// <param name="report">Called with the status and the fault applied before the answer is written.</param>
    /// <exception cref="InvalidDataException">The registry's list is larger than 8 MiB or not a tag list.</exception>
    public static async Task AnswerAsync(
        HttpContext context, HttpMessageInvoker upstream, Uri upstreamBase, FaultRule rule, Action<int, FaultKind?> report)
    {
        var cancellationToken = context.RequestAborted;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(upstreamBase, context.Request.Path.ToUriComponent()));
        foreach (var name in new[] { HeaderNames.Authorization, HeaderNames.Accept })
        {
            if (context.Request.Headers.TryGetValue(name, out var values))
            {
                request.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await upstream.SendAsync(request, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var body = await BoundedReader.ReadAllAsync(stream, MaxListBytes, cancellationToken);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name is not ("Content-Length" or "Transfer-Encoding" or "Connection"))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (!response.IsSuccessStatusCode || !rule.TryConsume())
        {
            report((int)response.StatusCode, null);
            context.Response.StatusCode = (int)response.StatusCode;
            await context.Response.Body.WriteAsync(body, cancellationToken);
            return;
        }

        var list = JsonNode.Parse(body) ?? throw new InvalidDataException("the registry sent an empty tag list");
        var last = context.Request.Query["last"].ToString();
        var remaining = (list["tags"]?.AsArray() ?? [])
            .Select(tag => tag!.GetValue<string>())
            .Concat(rule.Fault.ExtraTags)
            .Where(tag => last.Length == 0 || string.CompareOrdinal(tag, last) > 0)
            .Order(StringComparer.Ordinal)
            .ToList();
        var size = int.TryParse(context.Request.Query["n"], out var n) && n >= 0 ? Math.Min(n, rule.Fault.PageSize) : rule.Fault.PageSize;
        var page = remaining.Take(size).ToList();
        if (remaining.Count > page.Count && page.Count > 0)
        {
            context.Response.Headers.Link =
                $"<{context.Request.Path.ToUriComponent()}?n={size}&last={Uri.EscapeDataString(page[^1])}>; rel=\"next\"";
        }

        report(StatusCodes.Status200OK, FaultKind.PaginateTags);
        await context.Response.WriteAsync(
            new JsonObject { ["name"] = list["name"]?.DeepClone(), ["tags"] = new JsonArray([.. page.Select(t => JsonValue.Create(t))]) }.ToJsonString(),
            cancellationToken);
    }
}
