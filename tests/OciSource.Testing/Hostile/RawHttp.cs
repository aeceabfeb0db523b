using System.Globalization;
using System.Text;

namespace OciSource.Testing.Hostile;

/// <summary>
/// The few HTTP/1.1 pieces the hand-written test servers need: read one request head (bounded), write one
/// response and close. Every response says <c>Connection: close</c>, so no connection carries two requests.
/// </summary>
internal static class RawHttp
{
    private const int MaxHeadBytes = 16 * 1024;

    /// <summary>The next request head; null at end of stream or when the bytes are no HTTP/1.x request (e.g. a TLS ClientHello).</summary>
    public static async Task<RawRequest?> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>(512);
        var one = new byte[1];
        while (head.Count < MaxHeadBytes)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            head.Add(one[0]);
            if (head.Count == 1 && (one[0] < 'A' || one[0] > 'Z'))
            {
                return null;
            }

            if (head.Count >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r')
            {
                return Parse(Encoding.Latin1.GetString([.. head]));
            }
        }

        return null;
    }

    /// <summary>
    /// Writes a complete response with <c>Content-Length</c> (<paramref name="declaredLength"/> when given, else the
    /// body's) and <c>Connection: close</c>; HEAD answers carry no body.
    /// </summary>
    public static async Task WriteResponseAsync(
        Stream stream, int status, string reason, IEnumerable<KeyValuePair<string, string>> headers, byte[] body, bool headOnly, long? declaredLength,
        CancellationToken cancellationToken)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Content-Length: {declaredLength ?? body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(text.ToString()), cancellationToken);
        if (!headOnly)
        {
            await stream.WriteAsync(body, cancellationToken);
        }

        await stream.FlushAsync(cancellationToken);
    }

    private static RawRequest? Parse(string head)
    {
        var lines = head.Split("\r\n");
        var start = lines[0].Split(' ');
        if (start.Length != 3 || !start[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
        }

        return new RawRequest(start[0], start[1], headers);
    }
}
