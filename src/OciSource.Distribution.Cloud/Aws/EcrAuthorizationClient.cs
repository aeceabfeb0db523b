using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Cloud.Aws;

/// <summary>
/// ECR's and ECR Public's <c>GetAuthorizationToken</c> (JSON 1.1 protocol) signed with the AWS SDK's SigV4 signer
/// (<see cref="AWS4Signer.ComputeSignature(ImmutableCredentials, string, DateTime, string, string, string)"/>); there is
/// no ECR package in the feed. The answer's <c>authorizationToken</c> is base64 <c>AWS:&lt;password&gt;</c>.
/// </summary>
internal static class EcrAuthorizationClient
{
    private const long MaxResponseBytes = 1024 * 1024;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(1);
    private const string ContentType = "application/x-amz-json-1.1";
    private static readonly byte[] Body = "{}"u8.ToArray();

    public static async Task<CloudRegistryCredential> GetAuthorizationTokenAsync(
        EcrApi api, ImmutableCredentials credentials, CloudHttp http, TimeProvider time, CancellationToken cancellationToken)
    {
        using var request = Sign(api, credentials, time.GetUtcNow().UtcDateTime);
        using var client = new HttpClient(http.CreateProviderHandler(), disposeHandler: true) { Timeout = RequestTimeout };
        byte[] body;
        int status;
        string? errorTypeHeader;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = (int)response.StatusCode;
            errorTypeHeader = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            body = await BoundedReader.ReadAsync(stream, MaxResponseBytes, $"the {api.Name} GetAuthorizationToken response", cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new CloudProviderException($"{api.Name} GetAuthorizationToken at {api.Endpoint.Host} failed: {exception.Message}", exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CloudProviderException($"{api.Name} GetAuthorizationToken at {api.Endpoint.Host} timed out", exception);
        }
        catch (Distribution.Errors.ContentTooLargeException exception)
        {
            throw new CloudProviderException($"{api.Name} GetAuthorizationToken failed: {exception.Message}", exception);
        }

        if (status is < 200 or > 299)
        {
            var (code, message) = AwsJsonError.Parse(body, errorTypeHeader);
            throw new CloudProviderException(
                $"{api.Name} GetAuthorizationToken failed (HTTP {status}): {code}: {SecretRedaction.Redact(message, credentials)}");
        }

        return ParseAnswer(api, body);
    }

    private static HttpRequestMessage Sign(EcrApi api, ImmutableCredentials credentials, DateTime signedAt)
    {
        var amzDate = signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = ContentType,
            ["host"] = api.Endpoint.Authority.ToLowerInvariant(),
            ["x-amz-date"] = amzDate,
            ["x-amz-target"] = api.Target,
        };
        if (credentials.UseToken)
        {
            headers["x-amz-security-token"] = credentials.Token;
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = new StringBuilder()
            .Append("POST\n")
            .Append(api.Endpoint.AbsolutePath).Append('\n')
            .Append('\n')
            .AppendJoin(string.Empty, headers.Select(h => $"{h.Key}:{h.Value}\n"))
            .Append('\n')
            .Append(signedHeaders).Append('\n')
            .Append(Convert.ToHexStringLower(AWS4Signer.ComputeHash(Body)))
            .ToString();
        var signature = AWS4Signer.ComputeSignature(credentials, api.Region, signedAt, api.SigningService, signedHeaders, canonicalRequest);

        var request = new HttpRequestMessage(HttpMethod.Post, api.Endpoint) { Content = new ByteArrayContent(Body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", api.Target);
        if (credentials.UseToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        request.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
        return request;
    }

    private static CloudRegistryCredential ParseAnswer(EcrApi api, byte[] body)
    {
        string? token;
        double? expiresAt;
        try
        {
            using var document = JsonDocument.Parse(body);
            var data = document.RootElement.TryGetProperty("authorizationData", out var value) ? value : default;
            // ECR answers a list (one entry per registry id asked; none asked: the caller's), ECR Public one object.
            if (data.ValueKind == JsonValueKind.Array)
            {
                data = data.GetArrayLength() > 0 ? data[0] : default;
            }

            if (data.ValueKind != JsonValueKind.Object)
            {
                throw new CloudProviderException($"{api.Name} GetAuthorizationToken returned no authorization data");
            }

            token = data.TryGetProperty("authorizationToken", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            expiresAt = data.TryGetProperty("expiresAt", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;
        }
        catch (JsonException exception)
        {
            throw new CloudProviderException($"{api.Name} GetAuthorizationToken returned malformed JSON", exception);
        }

        if (token is null)
        {
            throw new CloudProviderException($"{api.Name} GetAuthorizationToken returned no authorization token");
        }

        if (expiresAt is not { } seconds || double.IsNaN(seconds) || seconds < 0 || seconds > 253402300799)
        {
            throw new CloudProviderException($"{api.Name} GetAuthorizationToken returned no valid token expiration");
        }

        var buffer = new byte[token.Length];
        var parts = Convert.TryFromBase64String(token, buffer, out var length) ? Encoding.UTF8.GetString(buffer, 0, length).Split(':') : null;
        if (parts is not { Length: 2 })
        {
            throw new CloudProviderException($"{api.Name} GetAuthorizationToken returned an invalid authorization token format");
        }

        return new CloudRegistryCredential(parts[0], parts[1], DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)));
    }
}
