namespace OciSource.Verification.Sigstore;

/// <summary>A closed validity interval from a trusted root; <see cref="End"/> <see langword="null"/> means still valid.</summary>
internal readonly record struct TimeRange(DateTimeOffset Start, DateTimeOffset? End)
{
    /// <summary>Whether <paramref name="time"/> lies in the interval, both ends included.</summary>
    public bool Contains(DateTimeOffset time) => time >= Start && (End is null || time <= End.Value);
}
