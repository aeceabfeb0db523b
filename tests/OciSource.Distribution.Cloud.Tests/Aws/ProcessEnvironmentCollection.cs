namespace OciSource.Distribution.Cloud.Tests.Aws;

/// <summary>
/// Tests that set process environment variables for the AWS SDK's default credential chain (which reads only the
/// process environment): they run alone, and each restores the variables it changed.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "aws-process-environment";
}
