using Microsoft.Extensions.Logging;

namespace OciSource.Distribution.Cloud.Aws;

/// <summary>The AWS provider's log lines (never a secret).</summary>
internal static partial class AwsLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Asking {Api} at {Endpoint} for a registry token")]
    public static partial void AskingRegistryToken(ILogger logger, string api, string endpoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Got the controller's AWS credentials from {Source}")]
    public static partial void GotControllerCredentials(ILogger logger, string source);
}
