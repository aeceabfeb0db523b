using System.Collections.Concurrent;
using OciSource.Runtime.Informer;

namespace OciSource.Runtime.Tests.Support;

/// <summary>Records an informer's notifications as "added/updated/deleted name[:generation]".</summary>
public sealed class RecordingHandler : IInformerHandler<TestOciRepository>
{
    public ConcurrentQueue<string> Seen { get; } = new();

    public void OnAdded(TestOciRepository obj) => Seen.Enqueue($"added {obj.Metadata.Name}:{obj.Metadata.Generation}");

    public void OnUpdated(TestOciRepository oldObj, TestOciRepository newObj) => Seen.Enqueue($"updated {newObj.Metadata.Name}:{newObj.Metadata.Generation}");

    public void OnDeleted(TestOciRepository obj) => Seen.Enqueue($"deleted {obj.Metadata.Name}");

    public bool Has(string entry) => Seen.Contains(entry);
}
