using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using OciSource.Distribution.Errors;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Cloud.Azure;

/// <summary>
/// ACR's <c>POST https://&lt;registry&gt;/oauth2/exchange</c> (API version 2021-07-01, as azcontainerregistry sends it):
/// an Entra ID access token (<c>grant_type=access_token</c>) for an ACR refresh token, which works as the password of
/// the null-GUID user until its <c>exp</c>. Sent to the registry host through the object's proxy, trusting the system
/// roots and the operator's extra roots only — never the object's <c>certSecretRef</c>, which would let a tenant's own
/// CA receive the controller's Entra ID token (as Flux) — bounded by Flux's 10 s request timeout and a 64 KiB answer.
/// </summary>
internal static class AcrTokenExchange
{
    private const int MaxAnswerBytes = 64 * 1024;

    /// <summary>Exchanges <paramref name="accessToken"/> at <paramref name="registry"/>; returns the refresh token and its expiry.</summary>
    /// <exception cref="CloudProviderException">The call failed, ACR refused, or the answer holds no usable refresh token.</exception>
    public static async Task<(string RefreshToken, DateTimeOffset ExpiresAt)> ExchangeAsync(
        string registry, string accessToken, CloudHttp http, System.Security.Cryptography.X509Certificates.X509Certificate2Collection? extraRoots, TimeProvider time, CancellationToken cancellationToken)
    {
        var endpoint = new Uri($"https://{registry}/oauth2/exchange?api-version=2021-07-01");
        var step = $"failed to exchange the Entra ID access token for an ACR refresh token at {registry}";
        using var client = new HttpClient(http.CreateProviderHandler(extraRoots), disposeHandler: true) { Timeout = AzureCredentialOptions.RequestTimeout };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "access_token"),
                new("service", registry),
                new("access_token", accessToken),
            ]),
        };
        request.Headers.Accept.ParseAdd("application/json");
        byte[] body;
        HttpStatusCode status;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            status = response.StatusCode;
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            body = await BoundedReader.ReadAsync(stream, MaxAnswerBytes, "the ACR token exchange answer", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or ContentTooLargeException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CloudProviderException($"{step}: {SecretText.Redact(e.Message, accessToken)}", e);
        }

        if (status != HttpStatusCode.OK)
        {
            var reason = AcrErrorText.Describe(body);
            throw new CloudProviderException(string.Create(
                CultureInfo.InvariantCulture, $"{step}: HTTP {(int)status}{(reason.Length > 0 ? ": " : string.Empty)}{SecretText.Redact(reason, accessToken)}"));
        }

        var refreshToken = ReadRefreshToken(body) ?? throw new CloudProviderException($"{step}: the answer holds no refresh_token");
        var expiresAt = JwtExpiry.Read(refreshToken)
            ?? throw new CloudProviderException($"{step}: the refresh token is not a JWT with an exp claim");
        return expiresAt > time.GetUtcNow()
            ? (refreshToken, expiresAt)
            : throw new CloudProviderException(string.Create(CultureInfo.InvariantCulture, $"{step}: the refresh token expired at {expiresAt:O}"));
    }

    private static string? ReadRefreshToken(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("refresh_token", out var token)
                && token.ValueKind == JsonValueKind.String
                && token.GetString() is { Length: > 0 } text
                ? text
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The text of an ACR error answer: <c>errors[].code: message</c>, an OAuth2 <c>error: error_description</c>, or the body as text.</summary>
    private static class AcrErrorText
    {
        public static string Describe(byte[] body)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                {
                    return string.Join("; ", errors.EnumerateArray().Select(e => $"{Field(e, "code")}: {Field(e, "message")}"));
                }

                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out _))
                {
                    return $"{Field(root, "error")}: {Field(root, "error_description")}";
                }
            }
            catch (JsonException)
            {
                // Not JSON: the body as text below.
            }

            return Encoding.UTF8.GetString(body).ReplaceLineEndings(" ").Trim();
        }

        private static string Field(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : string.Empty;
    }
}
