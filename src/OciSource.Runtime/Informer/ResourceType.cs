namespace OciSource.Runtime.Informer;

/// <summary>Where a custom resource is served: <c>/apis/{Group}/{Version}/…/{Plural}</c>.</summary>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind)
{
    /// <summary><c>{Group}/{Version}</c>.</summary>
    public string ApiVersion => $"{Group}/{Version}";
}
