using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OciSource.Testing.Cloud.Azure;

/// <summary>An error answer of the Microsoft identity platform token endpoint: OAuth2 <c>error</c> plus an <c>AADSTS</c> code and text.</summary>
public sealed record EntraError(int Status, string Error, int Code, string Description)
{
    /// <summary><c>AADSTS50000</c>, a server-side failure.</summary>
    public static EntraError ServerError { get; } = new(500, "temporarily_unavailable", 50000, "There was an error issuing a token or an issue with our sign-in service.");

    /// <summary>Writes the answer as Entra does: <c>error</c>, <c>error_description</c> (<c>AADSTS…: text Trace ID … Correlation ID … Timestamp …</c>), <c>error_codes</c>, ids and <c>error_uri</c>.</summary>
    public Task WriteAsync(HttpContext context, string host)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = DateTimeOffset.UtcNow;
        var trace = Guid.NewGuid().ToString();
        var correlation = Guid.NewGuid().ToString();
        var timestamp = now.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        context.Response.StatusCode = Status;
        return context.Response.WriteAsJsonAsync(
            new JsonObject
            {
                ["error"] = Error,
                ["error_description"] = $"AADSTS{Code}: {Description} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {timestamp}",
                ["error_codes"] = new JsonArray(Code),
                ["timestamp"] = timestamp,
                ["trace_id"] = trace,
                ["correlation_id"] = correlation,
                ["error_uri"] = $"https://{host}/error?code={Code}",
            },
            context.RequestAborted);
    }
}
