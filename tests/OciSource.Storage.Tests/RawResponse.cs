using System.Globalization;
using System.Text;

namespace OciSource.Storage.Tests;

/// <summary>An HTTP/1.1 answer as received: its status code, header block and body bytes.</summary>
internal sealed record RawResponse(int StatusCode, string Head, byte[] Body)
{
    /// <exception cref="InvalidDataException">No complete status line and header block.</exception>
    public static RawResponse Parse(byte[] received)
    {
        var end = received.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            throw new InvalidDataException($"no complete HTTP answer in {received.Length} bytes: '{Encoding.Latin1.GetString(received[..Math.Min(200, received.Length)])}'");
        }

        var head = Encoding.Latin1.GetString(received, 0, end);
        var status = head.Split(' ', 3);
        return new RawResponse(int.Parse(status[1], NumberStyles.None, CultureInfo.InvariantCulture), head, received[(end + 4)..]);
    }
}
