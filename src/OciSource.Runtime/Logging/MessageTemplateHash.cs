namespace OciSource.Runtime.Logging;

/// <summary>
/// The <c>@i</c> event type of a JSON log line: Jenkins' one-at-a-time hash of the message template, the same 32-bit
/// value the former compact formatter wrote, so queries grouping lines by <c>@i</c> keep working.
/// </summary>
internal static class MessageTemplateHash
{
    /// <summary>The hash of <paramref name="template"/>'s UTF-16 code units.</summary>
    public static uint Compute(string template)
    {
        uint hash = 0;
        foreach (var c in template)
        {
            unchecked
            {
                hash += c;
                hash += hash << 10;
                hash ^= hash >> 6;
            }
        }

        unchecked
        {
            hash += hash << 3;
            hash ^= hash >> 11;
            hash += hash << 15;
        }

        return hash;
    }
}
