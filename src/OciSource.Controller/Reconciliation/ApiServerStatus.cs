using System.Text.Json;
using k8s.Autorest;

namespace OciSource.Controller.Reconciliation;

/// <summary>The message of the <c>Status</c> object the API server answers a failed request with.</summary>
internal static class ApiServerStatus
{
    /// <summary>Longest message taken from a response body.</summary>
    private const int MaxMessageLength = 1024;

    /// <summary>
    /// The Status body's <c>message</c> (e.g. <c>secrets "x" is forbidden: User "…" cannot get resource …</c>), at most
    /// <see cref="MaxMessageLength"/> characters; the HTTP status when the body is not a Status.
    /// </summary>
    public static string Message(HttpOperationException exception)
    {
        var fallback = $"the API server answered {(int)exception.Response.StatusCode} {exception.Response.StatusCode}";
        if (string.IsNullOrEmpty(exception.Response.Content))
        {
            return fallback;
        }

        try
        {
            using var status = JsonDocument.Parse(exception.Response.Content);
            return status.RootElement.ValueKind == JsonValueKind.Object
                && status.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String
                && message.GetString() is { Length: > 0 } text
                ? text.Length > MaxMessageLength ? text[..MaxMessageLength] : text
                : fallback;
        }
        catch (JsonException)
        {
            return fallback;
        }
    }
}
