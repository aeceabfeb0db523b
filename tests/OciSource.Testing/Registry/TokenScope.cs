namespace OciSource.Testing.Registry;

/// <summary>
/// One scope of the Docker token specification, <c>type:name:action[,action…]</c>, e.g.
/// <c>repository:team/app:pull,push</c>. The name may itself hold colons (<c>repository(plugin)</c> aside, a registry
/// host with a port), so the type ends at the first colon and the actions start after the last one.
/// </summary>
internal sealed record TokenScope(string Type, string Name, IReadOnlyList<string> Actions)
{
    /// <summary>Parses one scope; false for anything that does not have a type, a name and an action list.</summary>
    public static bool TryParse(string text, out TokenScope scope)
    {
        scope = null!;
        var first = text.IndexOf(':', StringComparison.Ordinal);
        var last = text.LastIndexOf(':');
        if (first <= 0 || last <= first + 1)
        {
            return false;
        }

        var actions = text[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries);
        scope = new TokenScope(text[..first], text[(first + 1)..last], actions);
        return true;
    }

    public override string ToString() => $"{Type}:{Name}:{string.Join(',', Actions)}";
}
