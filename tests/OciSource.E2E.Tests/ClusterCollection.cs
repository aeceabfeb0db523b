namespace OciSource.E2E.Tests;

/// <summary>One cluster (and one chart release) for all full-cluster tests.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
