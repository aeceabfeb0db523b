using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using k8s;
using OciSource.Api;
using OciSource.Api.V1;

namespace OciSource.Benchmarks.Scale;

/// <summary>
/// Target P7 (scenario <c>dedup</c>): N OCIRepositories (default 1,000) whose artifacts have identical content — the
/// same files pushed to several repositories (default 10) under distinct manifests, so the revisions differ and only
/// the content is equal — then the bytes the store takes on disk (<c>du</c>, hard links once, blocks allocated)
/// against one copy of the artifact. Flux writes one file per object.
/// </summary>
internal static class DedupBenchmark
{
    private const int ContentMiB = 4;

    public static async Task<int> RunAsync(BenchmarkArguments arguments, string[] args)
    {
        var ct = CancellationToken.None;
        var options = ScaleOptions.Parse(args, 1_000, "10m");
        var repositories = Math.Max(1, args.SkipWhile(a => a != "--repositories").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(10));
        await using var environment = await BenchEnvironment.StartAsync("bench-dedup", ct);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["kustomization.yaml"] = Encoding.UTF8.GetBytes("resources: []\n") };
        for (var f = 0; f < ContentMiB; f++)
        {
            files[$"data/{f}.bin"] = RandomNumberGenerator.GetBytes(1024 * 1024);
        }

        Console.WriteLine($"Pushing {ContentMiB} MiB of identical content to {repositories} repositories (distinct manifests)...");
        for (var r = 0; r < repositories; r++)
        {
            await environment.PushAsync($"bench/dedup-{r}", "latest", files, $"copy-{r}", ct);
        }

        var store = Path.Combine(environment.WorkDirectory, "store");
        var (controller, setup) = await ScaleRun.RunAsync(environment, options, store, i => $"bench/dedup-{i % repositories}", ct);
        await using (controller)
        {
            var sample = await environment.Client.CustomObjects.GetNamespacedCustomObjectAsync<OCIRepository>(
                SourceApi.Group, OCIRepository.Version, BenchEnvironment.NamespaceOf(0, options.Namespaces), SourceApi.Plural, BenchEnvironment.NameOf(0), cancellationToken: ct);
            var oneCopy = sample.Status!.Artifact!.Size!.Value;
            var usage = new DiskUsage(
                await DuAsync(environment, store, apparent: false, ct),
                await DuAsync(environment, Path.Combine(store, "blobs"), apparent: false, ct),
                await DuAsync(environment, store, apparent: true, ct),
                Directory.EnumerateFiles(Path.Combine(store, "blobs"), "*", SearchOption.AllDirectories).Count(),
                await DuAsync(environment, Path.Combine(store, "blobs"), apparent: true, ct));
            var report = Report(options, setup, repositories, oneCopy, usage);
            Console.WriteLine(report);
            await ResultsFile.WriteAsync(arguments.ResultsDirectory, options.ResultsName("dedup"), report, ct);
        }

        return 0;
    }

    private static async Task<long> DuAsync(BenchEnvironment environment, string path, bool apparent, CancellationToken cancellationToken)
    {
        string[] arguments = apparent ? ["-s", "-B1", "--apparent-size", path] : ["-s", "-B1", path];
        var result = await environment.Tools.RunAsync("du", arguments, cancellationToken);
        return long.Parse(result.StandardOutput.Split('\t')[0], CultureInfo.InvariantCulture);
    }

    private static string Report(ScaleOptions options, ScaleMeasurement setup, int repositories, long oneCopy, DiskUsage usage)
    {
        var ratio = (double)usage.Blobs / oneCopy;
        var totalRatio = (double)usage.Store / oneCopy;
        var text = new StringBuilder();
        ScaleBenchmark.AppendHeader(text, $"dedup: {setup.Objects} OCIRepositories with identical content → bytes on disk", options);
        text.AppendLine(CultureInfo.InvariantCulture, $"Content: {ContentMiB} MiB of random files (incompressible) plus a kustomization.yaml, pushed to {repositories} repositories with distinct manifests (so {repositories} distinct revisions, one content); objects spread over them.");
        text.Table("measure", "value");
        text.Row("one copy (`status.artifact.size`)", $"{oneCopy:N0} bytes ({ScaleRun.MiB(oneCopy)})");
        text.Row("artifact files in `blobs/` / their bytes on disk (apparent)", $"{usage.BlobFiles} / {usage.Blobs:N0} ({usage.BlobsApparent:N0})");
        text.Row($"whole store on disk, `du -s -B1` (directories and links of {setup.Objects} objects included) / apparent", $"{usage.Store:N0} / {usage.StoreApparent:N0}");
        text.Row("per-object metadata (directories, symbolic links) on disk", $"{usage.Store - usage.Blobs:N0} bytes ({(usage.Store - usage.Blobs) / (double)setup.Objects:F0} per object)");
        text.Row($"Flux (one file per object): {setup.Objects} × one copy", $"{(long)setup.Objects * oneCopy:N0} bytes ({ScaleRun.MiB((long)setup.Objects * oneCopy)})");
        text.Table("target P7", "measured", "verdict", "Flux");
        text.Row("artifact bytes on disk ≤ 1.05 × one copy", $"{ratio:F3} ×", ScaleBenchmark.Verdict(ratio, 1.05, "×"), $"{setup.Objects} × (no dedup, source-controller #2114)");
        text.Row("whole store (with per-object directories and links)", $"{totalRatio:F3} ×", $"{(totalRatio <= 1.05 ? "within 1.05 ×" : string.Create(CultureInfo.InvariantCulture, $"{totalRatio:F3} ×: the objects' directories and links ({(usage.Store - usage.Blobs) / setup.Objects / 1024.0:F0} KiB per object here) exceed 5 % of a {ScaleRun.MiB(oneCopy)} artifact; Flux has the directories too"))}", $"{setup.Objects} × + the same directories");
        ScaleBenchmark.AppendRunDetails(text, options, setup, "Setup:");
        return text.ToString();
    }

    private sealed record DiskUsage(long Store, long Blobs, long StoreApparent, int BlobFiles, long BlobsApparent);
}
