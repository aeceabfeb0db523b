using Microsoft.Extensions.Logging;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>The gcp provider's log lines (never a token).</summary>
internal static partial class GcpLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "gcp: controller token from the {Source}")]
    public static partial void ControllerToken(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "gcp: exchanging the token of ServiceAccount {Account} at STS (impersonating: {ServiceAccountEmail})")]
    public static partial void WorkloadExchange(ILogger logger, ServiceAccountInfo account, string serviceAccountEmail);
}
