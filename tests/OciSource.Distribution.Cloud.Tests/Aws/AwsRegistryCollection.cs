using OciSource.Testing.Registry;

namespace OciSource.Distribution.Cloud.Tests.Aws;

/// <summary>AWS tests sharing one real registry in token-auth mode, whose token server accepts what the ECR simulator issues.</summary>
[CollectionDefinition(Name)]
public sealed class AwsRegistryCollection : ICollectionFixture<TokenRegistryFixture>
{
    public const string Name = "aws-token-registry";
}
