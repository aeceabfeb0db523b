using Docker.DotNet.Models;

namespace OciSource.E2E.Tests;

/// <summary>Keeps the first error a Docker pull reports in its progress stream (reported synchronously, unlike <see cref="Progress{T}"/>).</summary>
internal sealed class PullErrors : IProgress<JSONMessage>
{
    public string? First { get; private set; }

    public void Report(JSONMessage value)
    {
        if (First is null && !string.IsNullOrEmpty(value.Error?.Message))
        {
            First = value.Error.Message;
        }
    }
}
