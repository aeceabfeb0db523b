namespace OciSource.Benchmarks;

/// <summary>A server under test in the serve scenario: its name, where it listens, and how to read its CPU time so far.</summary>
internal sealed record ServedBy(string Name, Uri BaseAddress, Func<TimeSpan> CpuTime);
