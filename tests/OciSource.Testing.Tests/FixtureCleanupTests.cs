using OciSource.Testing.Kube;
using OciSource.Testing.Registry;

namespace OciSource.Testing.Tests;

/// <summary>Disposing the fixtures ends every process they started.</summary>
public sealed class FixtureCleanupTests
{
    [Fact]
    public async Task DisposedFixtures_LeaveNoProcessRunning()
    {
        var registry = new SecureRegistryFixture();
        var kube = new KubeApiFixture();
        var processIds = new List<int>();
        try
        {
            await registry.InitializeAsync();
            await kube.InitializeAsync();
            processIds.Add(registry.Server.ProcessId);
            processIds.AddRange(kube.ProcessIds);
            Assert.All(processIds, pid => Assert.True(IsRunning(pid), $"process {pid} should run while the fixture is up"));
        }
        finally
        {
            await kube.DisposeAsync();
            await registry.DisposeAsync();
        }

        Assert.All(processIds, pid => Assert.False(IsRunning(pid), $"process {pid} is still running after dispose"));
    }

    private static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid}");
}
