namespace OciSource.Distribution.Cloud.Azure;

/// <summary>Makes a provider's or SDK's error text safe to show: known secrets replaced, length bounded.</summary>
internal static class SecretText
{
    private const int MaxLength = 1000;

    /// <summary><paramref name="text"/> with every non-empty <paramref name="secrets"/> replaced by <c>&lt;redacted&gt;</c>, cut to 1000 characters.</summary>
    public static string Redact(string text, params ReadOnlySpan<string?> secrets)
    {
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, "<redacted>", StringComparison.Ordinal);
            }
        }

        return text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength), "…");
    }
}
