using Microsoft.Extensions.Logging.Abstractions;
using OciSource.Runtime.Informer;
using OciSource.Runtime.Tests.Support;
using OciSource.Testing.Kube;

namespace OciSource.Runtime.Tests.Informer;

/// <summary>
/// The informer cache's share of targets P2/P3 (10,000 OCIRepositories within 192 MiB peak RSS): 10,000 small objects
/// listed from the real API server must stay within <see cref="BudgetBytes"/> of retained managed memory. The measured
/// figure is printed; only the generous budget is asserted, never a time.
/// </summary>
[Collection(KubeApiCollection.Name)]
public sealed class InformerMemoryTests(KubeApiFixture fixture)
{
    /// <summary>
    /// 32 MiB for 10,000 objects (about 3.3 KiB per object), a sixth of the P3 process budget. Measured here: about
    /// 9 MiB (950 bytes per object, managedFields stripped).
    /// </summary>
    public const long BudgetBytes = 32L * 1024 * 1024;

    private const int ObjectCount = 10_000;

    [Fact]
    public async Task Cache_TenThousandSmallObjects_StaysWithinBudget()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = await fixture.CreateNamespaceAsync("mem", ct);
        using var client = fixture.CreateClient();
        var created = 0;
        await Parallel.ForAsync(0, ObjectCount, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (i, token) =>
        {
            await Objects.CreateAsync(client, TestOciRepository.New(ns, $"app-{i:D5}"), token);
            Interlocked.Increment(ref created);
        });

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var informer = new Informer<TestOciRepository>(client, TestOciRepository.Resource, TestOciRepository.Json, new InformerOptions { Namespace = ns }, TimeProvider.System, NullLogger.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync(stop.Token);
        await informer.ReadyAsync(ct);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var count = informer.Count;
        await stop.CancelAsync();
        await run;
        GC.KeepAlive(informer);

        var retained = after - before;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"informer cache: {count} objects retain {retained / 1024.0 / 1024.0:F1} MiB ({retained / (double)count:F0} bytes per object); budget {BudgetBytes / 1024 / 1024} MiB");
        Assert.Equal(ObjectCount, count);
        Assert.InRange(retained, 1, BudgetBytes);
    }
}
