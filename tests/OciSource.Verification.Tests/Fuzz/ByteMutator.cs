namespace OciSource.Verification.Tests.Fuzz;

/// <summary>
/// Shapeless mutations of a byte string, from a seeded <see cref="Random"/>: flip bits, overwrite runs with 0x00 or
/// 0xFF (large length fields and timestamps), insert or delete spans, truncate, splice a copy of a span elsewhere.
/// </summary>
internal sealed class ByteMutator(Random random)
{
    /// <summary>One to four mutations of <paramref name="input"/>.</summary>
    public byte[] Mutate(byte[] input)
    {
        var bytes = new List<byte>(input);
        for (var n = random.Next(1, 5); n > 0; n--)
        {
            MutateOnce(bytes);
        }

        return [.. bytes];
    }

    /// <summary>Uniformly random bytes, up to <paramref name="maxLength"/>.</summary>
    public byte[] Random(int maxLength)
    {
        var bytes = new byte[random.Next(maxLength + 1)];
        random.NextBytes(bytes);
        return bytes;
    }

    private void MutateOnce(List<byte> bytes)
    {
        if (bytes.Count == 0)
        {
            bytes.Add((byte)random.Next(256));
            return;
        }

        var at = random.Next(bytes.Count);
        var span = Math.Min(bytes.Count - at, random.Next(1, 9));
        switch (random.Next(7))
        {
            case 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                for (var i = 0; i < span; i++)
                {
                    bytes[at + i] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x00;
                }

                break;
            case 2:
                bytes.Insert(at, (byte)random.Next(256));
                break;
            case 3:
                bytes.RemoveRange(at, span);
                break;
            case 4:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 5:
                bytes[at] = (byte)random.Next(256);
                break;
            default:
                var from = random.Next(bytes.Count);
                bytes.InsertRange(at, bytes.GetRange(from, Math.Min(bytes.Count - from, random.Next(1, 64))));
                break;
        }
    }
}
