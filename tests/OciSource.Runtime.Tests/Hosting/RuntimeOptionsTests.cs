using OciSource.Runtime.Hosting;

namespace OciSource.Runtime.Tests.Hosting;

public sealed class RuntimeOptionsTests
{
    [Fact]
    public void FromFlags_None_HasFluxDefaults()
    {
        var o = RuntimeOptions.FromFlags(new Dictionary<string, string>(), _ => null);

        Assert.Equal(2, o.Concurrent);
        Assert.Equal((TimeSpan.FromMilliseconds(750), TimeSpan.FromMinutes(15)), (o.MinRetryDelay, o.MaxRetryDelay));
        Assert.True(o.WatchAllNamespaces);
        Assert.False(o.EnableLeaderElection);
        Assert.Equal((35, 30, 5), ((int)o.LeaderElectionLeaseDuration.TotalSeconds, (int)o.LeaderElectionRenewDeadline.TotalSeconds, (int)o.LeaderElectionRetryPeriod.TotalSeconds));
        Assert.True(o.LeaderElectionReleaseOnCancel);
        Assert.Equal((":8080", ":9440"), (o.MetricsAddr, o.HealthAddr));
        Assert.Equal((50d, 300), (o.KubeApiQps, o.KubeApiBurst));
        Assert.Equal(("info", "json", 5), (o.LogLevel, o.LogEncoding, o.IntervalJitterPercentage));
        Assert.Equal("source-controller-leader-election", o.LeaderElectionId);
    }

    [Fact]
    public void FromFlags_EventsAddr_FromTheFlagOrEventsAddrEnvironmentAndMustBeAnHttpUrl()
    {
        var receiver = "http://notification-controller.flux-system.svc.cluster.local./";
        Assert.Equal(string.Empty, RuntimeOptions.FromFlags(new Dictionary<string, string>(), _ => null).EventsAddr);
        Assert.Equal(receiver, RuntimeOptions.FromFlags(new Dictionary<string, string>(), name => name == "EVENTS_ADDR" ? receiver : null).EventsAddr);
        Assert.Equal(receiver, RuntimeOptions.FromFlags(FlagParser.Parse([$"--events-addr={receiver}"], RuntimeOptions.BooleanFlags), _ => "http://ignored/").EventsAddr);
        var e = Assert.Throws<FlagException>(() => RuntimeOptions.FromFlags(FlagParser.Parse(["--events-addr=notification-controller:80"], RuntimeOptions.BooleanFlags), _ => null));
        Assert.Contains("--events-addr", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFlags_EveryFlagInFluxSyntax_IsBound()
    {
        string[] args =
        [
            "--concurrent=10", "--min-retry-delay", "1s", "--max-retry-delay=1h30m", "--watch-all-namespaces=false",
            "--watch-label-selector=sharding.fluxcd.io/key=shard1", "--enable-leader-election", "--leader-election-lease-duration=60s",
            "--leader-election-renew-deadline=40s", "--leader-election-retry-period=2s", "--leader-election-release-on-cancel=false",
            "--metrics-addr=127.0.0.1:9000", "--health-addr=:9441", "--kube-api-qps=20.5", "--kube-api-burst=40", "--log-level=debug",
            "--log-encoding=console", "--interval-jitter-percentage=10", "--storage-path=/data",
        ];

        var flags = FlagParser.Parse(args, RuntimeOptions.BooleanFlags);
        var o = RuntimeOptions.FromFlags(flags, name => name == "RUNTIME_NAMESPACE" ? "flux-system" : null);

        Assert.Equal(10, o.Concurrent);
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(90)), (o.MinRetryDelay, o.MaxRetryDelay));
        Assert.Equal("flux-system", o.WatchNamespace);
        Assert.True(o.EnableLeaderElection);
        Assert.Equal((60, 40, 2), ((int)o.LeaderElectionLeaseDuration.TotalSeconds, (int)o.LeaderElectionRenewDeadline.TotalSeconds, (int)o.LeaderElectionRetryPeriod.TotalSeconds));
        Assert.False(o.LeaderElectionReleaseOnCancel);
        Assert.Equal(("127.0.0.1:9000", ":9441"), (o.MetricsAddr, o.HealthAddr));
        Assert.Equal((20.5, 40), (o.KubeApiQps, o.KubeApiBurst));
        Assert.Equal(("debug", "console", 10), (o.LogLevel, o.LogEncoding, o.IntervalJitterPercentage));
        // Flux: <id>-<first 8 hex digits of sha256(selector)>.
        Assert.Equal("source-controller-leader-election-73fdc1be", o.LeaderElectionId);
        Assert.Equal("/data", flags["storage-path"]);
    }

    [Theory]
    [InlineData("--concurrent=0")]
    [InlineData("--concurrent=two")]
    [InlineData("--min-retry-delay=5")]
    [InlineData("--log-level=verbose")]
    [InlineData("--log-encoding=text")]
    [InlineData("--interval-jitter-percentage=100")]
    [InlineData("--leader-election-renew-deadline=40s")]
    [InlineData("--enable-leader-election=maybe")]
    public void FromFlags_InvalidValue_NamesTheProblem(string arg)
    {
        var flags = FlagParser.Parse([arg], RuntimeOptions.BooleanFlags);

        var error = Assert.Throws<FlagException>(() => RuntimeOptions.FromFlags(flags, _ => null));

        Assert.Contains("--", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WatchNamespace_SingleNamespaceWithoutRuntimeNamespace_Fails() =>
        Assert.Throws<FlagException>(() => new RuntimeOptions { WatchAllNamespaces = false }.WatchNamespace);

    [Fact]
    public void Parse_ValueMissingOrPositional_Fails()
    {
        Assert.Throws<FlagException>(() => FlagParser.Parse(["--concurrent"], RuntimeOptions.BooleanFlags));
        Assert.Throws<FlagException>(() => FlagParser.Parse(["stray"], RuntimeOptions.BooleanFlags));
    }

    [Theory]
    [InlineData("750ms", 750)]
    [InlineData("15m", 900_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5s", 1500)]
    [InlineData("0", 0)]
    [InlineData("100us", 0.1)]
    public void GoDuration_Parse_AcceptsGoSyntax(string text, double milliseconds) =>
        Assert.Equal(milliseconds, GoDuration.Parse(text).TotalMilliseconds, precision: 6);

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("5x")]
    [InlineData("m")]
    public void GoDuration_Parse_RejectsOthers(string text) => Assert.Throws<FormatException>(() => GoDuration.Parse(text));

    [Fact]
    public void IntervalJitter_StaysWithinThePercentageAndZeroIsExact()
    {
        var random = new Random(1);
        var samples = Enumerable.Range(0, 1000).Select(_ => IntervalJitter.Apply(TimeSpan.FromMinutes(10), 5, random)).ToArray();

        Assert.All(samples, s => Assert.InRange(s.TotalSeconds, 570, 630));
        Assert.True(samples.Distinct().Count() > 100);
        Assert.Equal(TimeSpan.FromMinutes(10), IntervalJitter.Apply(TimeSpan.FromMinutes(10), 0, random));
    }
}
