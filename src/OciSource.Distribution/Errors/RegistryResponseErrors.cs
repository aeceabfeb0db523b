using System.Net;
using System.Text.Json;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Errors;

/// <summary>Turns a failed registry response into the typed exception for its status.</summary>
internal static class RegistryResponseErrors
{
    private const int MaxErrorBody = 64 * 1024;

    /// <summary>
    /// Reads the registry's error body (bounded) and returns the exception for <paramref name="response"/>:
    /// 404 → <see cref="RegistryNotFoundException"/>, 401/403 → <see cref="RegistryUnauthorizedException"/>,
    /// anything else → <see cref="RegistryException"/>. The message is "<paramref name="operation"/>: status: codes".
    /// </summary>
    public static async Task<RegistryException> CreateAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        IReadOnlyList<RegistryError> errors = [];
        if (response.RequestMessage?.Method != HttpMethod.Head)
        {
            try
            {
                errors = Parse(await BoundedContent.ReadPrefixAsync(response.Content, MaxErrorBody, cancellationToken));
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                // The status alone still says what failed.
            }
        }

        var status = response.StatusCode;
        var message = $"{operation}: {(int)status} {response.ReasonPhrase ?? status.ToString()}";
        if (errors.Count > 0)
        {
            message += ": " + string.Join("; ", errors);
        }

        return status switch
        {
            HttpStatusCode.NotFound => new RegistryNotFoundException(message, status, errors),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new RegistryUnauthorizedException(message, status, errors),
            _ => new RegistryException(message, status, errors),
        };
    }

    /// <summary>Parses <c>{"errors":[{"code","message"}]}</c>; anything else gives no errors.</summary>
    internal static IReadOnlyList<RegistryError> Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("errors", out var list) ||
                list.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var errors = new List<RegistryError>();
            foreach (var item in list.EnumerateArray().Take(10))
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    errors.Add(new RegistryError(Text(item, "code"), Text(item, "message")));
                }
            }

            return errors;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Text(JsonElement item, string name)
    {
        var text = item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;
        return text.Length <= 512 ? text : text[..512] + "...";
    }
}
