namespace OciSource.Distribution.Errors;

/// <summary>One entry of a registry's error body (<c>{"errors":[{"code","message"}]}</c>, distribution spec).</summary>
public sealed record RegistryError(string Code, string Message)
{
    public override string ToString() => Message.Length == 0 ? Code : $"{Code}: {Message}";
}
