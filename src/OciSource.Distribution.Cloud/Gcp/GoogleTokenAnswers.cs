using System.Globalization;
using System.Text.Json;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// Reads the token answers of Google's endpoints (source-generated JSON). A malformed answer is a
/// <see cref="GoogleEndpointException"/> naming the step; the answer's content never appears in a message.
/// </summary>
internal static class GoogleTokenAnswers
{
    /// <summary>An OAuth 2.0 token answer (metadata server, token URI, STS).</summary>
    public static GoogleTokenAnswer ReadOAuth(byte[] body, string step)
    {
        var answer = Deserialize(body, GcpJsonContext.Default.GoogleTokenAnswer, step);
        return answer.AccessToken is { Length: > 0 } ? answer : throw NoAccessToken(step);
    }

    /// <summary>
    /// The access token of <paramref name="answer"/>, expiring <c>expires_in</c> seconds after <paramref name="now"/>
    /// (the time the answer arrived); without <c>expires_in</c> it counts as expired at once (used once, never kept).
    /// </summary>
    public static GcpAccessToken ToAccessToken(GoogleTokenAnswer answer, DateTimeOffset now) =>
        new(answer.AccessToken!, now.AddSeconds(Math.Max(0, answer.ExpiresIn ?? 0)));

    /// <summary>An IAM Credentials <c>generateAccessToken</c> answer.</summary>
    public static GcpAccessToken ReadIam(byte[] body, string step)
    {
        var answer = Deserialize(body, GcpJsonContext.Default.IamAccessTokenAnswer, step);
        if (answer.AccessToken is not { Length: > 0 } value)
        {
            throw NoAccessToken(step);
        }

        return DateTimeOffset.TryParse(answer.ExpireTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires)
            ? new GcpAccessToken(value, expires)
            : throw new GoogleEndpointException($"{step} failed: the answer held no valid expireTime");
    }

    private static T Deserialize<T>(byte[] body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string step)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw new GoogleEndpointException($"{step} failed: the answer is not a JSON object");
        }
        catch (JsonException)
        {
            // Not kept as the inner exception: its message may quote a character of the answer.
            throw new GoogleEndpointException($"{step} failed: the answer is not a JSON token answer");
        }
    }

    private static GoogleEndpointException NoAccessToken(string step) => new($"{step} failed: the answer held no access token");
}
