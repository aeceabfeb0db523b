using OciSource.Runtime.Status;

namespace OciSource.Runtime.Tests.Status;

public sealed class ConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, 400, TimeSpan.FromHours(2));

    [Fact]
    public void Set_New_UsesNowInUtcTruncatedToSeconds()
    {
        var list = new List<Condition>();

        Conditions.Set(list, Ready("True", "Succeeded", "ok"), T0);

        Assert.Equal(new DateTime(2025, 6, 1, 10, 0, 0, DateTimeKind.Utc), list[0].LastTransitionTime);
        Assert.Equal(DateTimeKind.Utc, list[0].LastTransitionTime.Kind);
    }

    [Fact]
    public void Set_SameStatusReasonAndMessage_KeepsTransitionTimeButTakesNewGeneration()
    {
        var list = new List<Condition>();
        Conditions.Set(list, Ready("True", "Succeeded", "ok"), T0);

        Conditions.Set(list, Ready("True", "Succeeded", "ok") with { ObservedGeneration = 7 }, T0.AddMinutes(5));

        Assert.Equal(T0.UtcDateTime.AddMilliseconds(-400), Assert.Single(list).LastTransitionTime);
        Assert.Equal(7, list[0].ObservedGeneration);
    }

    [Theory]
    [InlineData("False", "Succeeded", "ok")]
    [InlineData("True", "Other", "ok")]
    [InlineData("True", "Succeeded", "changed message")]
    public void Set_StatusReasonOrMessageChanged_MovesTransitionTime(string status, string reason, string message)
    {
        var list = new List<Condition>();
        Conditions.Set(list, Ready("True", "Succeeded", "ok"), T0);

        Conditions.Set(list, Ready(status, reason, message), T0.AddMinutes(5));

        Assert.Equal(new DateTime(2025, 6, 1, 10, 5, 0, DateTimeKind.Utc), Assert.Single(list).LastTransitionTime);
    }

    [Fact]
    public void Set_Many_OrdersStalledReconcilingReadyThenByGenerationDescendingThenType()
    {
        var list = new List<Condition>();
        foreach (var (type, generation) in new[] { ("FetchFailed", 1L), ("Ready", 1L), ("ArtifactInStorage", 2L), ("Reconciling", 1L), ("SourceVerified", 2L), ("Stalled", 1L), ("ArtifactOutdated", 1L) })
        {
            Conditions.Set(list, new Condition { Type = type, Status = "True", Reason = "R", ObservedGeneration = generation }, T0);
        }

        Assert.Equal(["Stalled", "Reconciling", "Ready", "ArtifactInStorage", "SourceVerified", "ArtifactOutdated", "FetchFailed"], list.Select(c => c.Type));
    }

    [Fact]
    public void Set_LongMessage_IsTrimmedTo32768WithEllipsis()
    {
        var list = new List<Condition>();

        Conditions.Set(list, Ready("False", "Failed", new string('x', 40000)), T0);

        Assert.Equal(32768, list[0].Message.Length);
        Assert.EndsWith("x...", list[0].Message, StringComparison.Ordinal);
        Assert.Equal(new string('y', 32768), Conditions.Trim(new string('y', 32768)));
    }

    [Fact]
    public void DeleteGetIsTrue_WorkOnTheType()
    {
        var list = new List<Condition>();
        Conditions.Set(list, Ready("True", "Succeeded", "ok"), T0);

        Assert.True(Conditions.IsTrue(list, "Ready"));
        Assert.False(Conditions.IsTrue(list, "Stalled"));
        Assert.True(Conditions.Delete(list, "Ready"));
        Assert.False(Conditions.Delete(list, "Ready"));
        Assert.Null(Conditions.Get(list, "Ready"));
    }

    private static Condition Ready(string status, string reason, string message) => new() { Type = "Ready", Status = status, Reason = reason, Message = message };
}
