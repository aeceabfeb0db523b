namespace OciSource.Storage;

/// <summary>The object an artifact belongs to; its files live under <c>&lt;kind&gt;/&lt;namespace&gt;/&lt;name&gt;/</c>.</summary>
public readonly record struct ArtifactKey(string Kind, string Namespace, string Name)
{
    /// <summary>The object's directory relative to the store root, with <c>/</c> separators.</summary>
    public string Directory => $"{Kind.ToLowerInvariant()}/{Namespace}/{Name}";
}
