using System.Globalization;
using System.Text.Json;
using Microsoft.Identity.Client;

namespace OciSource.Distribution.Cloud.Azure;

/// <summary>
/// The text of an Azure.Identity failure: its own message (which names the credential) followed by the causes it
/// wraps; for an answer of Entra ID or IMDS (MSAL's <c>MsalServiceException</c>) the HTTP status, the OAuth2 error and
/// the service's <c>error_description</c> (e.g. <c>AADSTS700024: …</c>), as Flux shows the service's answer.
/// </summary>
internal static class AzureIdentityErrorText
{
    public static string Describe(Exception exception)
    {
        var parts = new List<string> { exception.Message.Trim().TrimEnd(':').Trim() };
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            var text = inner is MsalServiceException service ? ServiceText(service) : inner.Message.Trim();
            if (text.Length > 0 && !parts.Any(p => p.Contains(text, StringComparison.Ordinal)))
            {
                parts.Add(text);
            }
        }

        return string.Join(": ", parts.Where(p => p.Length > 0));
    }

    private static string ServiceText(MsalServiceException exception)
    {
        var description = Description(exception.ResponseBody) ?? exception.Message.Trim();
        return string.Create(CultureInfo.InvariantCulture, $"HTTP {exception.StatusCode} {exception.ErrorCode}: {description}");
    }

    private static string? Description(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error_description", out var description)
                && description.ValueKind == JsonValueKind.String
                ? description.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
