namespace OciSource.Distribution.Cloud.Tests.Azure;

/// <summary>The system clock moved by a fixed offset: a provider that sees tokens from the future or the past.</summary>
internal sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}
