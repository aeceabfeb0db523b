using OciSource.Verification.Notation;

namespace OciSource.Verification.Tests.Notation;

public sealed class SignatureSelectionTests
{
    private static readonly NotationResult Ok = new(NotationOutcome.Verified, "ok");

    private static async Task<(NotationResult Result, List<int> Tried)> RunAsync(params NotationResult[] results)
    {
        var tried = new List<int>();
        var result = await SignatureSelection.FirstVerifiedAsync(
            Enumerable.Range(0, results.Length).ToList(),
            (i, _) =>
            {
                tried.Add(i);
                return Task.FromResult(results[i]);
            },
            TestContext.Current.CancellationToken);
        return (result, tried);
    }

    [Fact]
    public async Task FirstVerifiedWins()
    {
        var (result, tried) = await RunAsync(NotationResult.Fail("a"), Ok, NotationResult.Fail("c"));

        Assert.Equal(NotationOutcome.Verified, result.Outcome);
        Assert.Equal([0, 1], tried);
    }

    [Fact]
    public async Task StopsAfterThreeAttempts()
    {
        var (result, tried) = await RunAsync(NotationResult.Fail("a"), NotationResult.Fail("b"), NotationResult.Fail("c"), Ok);

        Assert.Equal(NotationOutcome.Failed, result.Outcome);
        Assert.Equal([0, 1, 2], tried);
        Assert.Contains("a; b; c", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllIgnoredIsIgnored()
    {
        var (result, _) = await RunAsync(new NotationResult(NotationOutcome.Ignored, "skip"));

        Assert.Equal(NotationOutcome.Ignored, result.Outcome);
    }

    /// <summary>notation-go stops at the first signature without an enforced failure; Flux then reports it ignored.</summary>
    [Fact]
    public async Task IgnoredAfterAFailureIsIgnored()
    {
        var (result, tried) = await RunAsync(NotationResult.Fail("a"), new NotationResult(NotationOutcome.Ignored, "audit"), Ok);

        Assert.Equal(NotationOutcome.Ignored, result.Outcome);
        Assert.Equal("audit", result.Reason);
        Assert.Equal([0, 1], tried);
    }

    [Fact]
    public async Task NoCandidatesFails()
    {
        var (result, _) = await RunAsync();

        Assert.Equal(NotationOutcome.Failed, result.Outcome);
    }
}
