using System.Buffers;
using System.Text;

namespace OciSource.Runtime.Logging;

/// <summary>Appends text to a UTF-8 buffer (invalid UTF-16 becomes U+FFFD).</summary>
internal static class Utf8Text
{
    public static void Append(IBufferWriter<byte> buffer, ReadOnlySpan<char> text)
    {
        var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    public static void Append(IBufferWriter<byte> buffer, byte ascii)
    {
        buffer.GetSpan(1)[0] = ascii;
        buffer.Advance(1);
    }
}
