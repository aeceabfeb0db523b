using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.References;
using OciSource.Testing;
using OciSource.Testing.Registry;

namespace OciSource.Benchmarks;

/// <summary>
/// Target P5: a single-layer artifact pulled from the loopback registry with size and digest verification and
/// written to disk, against <c>oras pull</c> of the same artifact in the same run. Reports the best and median of
/// several runs for each, and the ratio of the medians.
/// </summary>
internal static class PullBenchmark
{
    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var ct = CancellationToken.None;
        using var tools = new Tools();
        await using var registry = await RegistryServer.StartAsync(tools, secure: false, ct);
        var work = TestEnvironment.CreateWorkDirectory("bench-pull");
        try
        {
            var size = (long)arguments.SizeMiB * 1024 * 1024;
            Console.WriteLine($"Preparing a {arguments.SizeMiB} MiB layer and pushing it with oras...");
            await WriteRandomFileAsync(Path.Combine(work, "layer.bin"), size, ct);
            await tools.RunAsync(
                tools.Oras, ["push", $"{registry.Host}/bench/pull:v1", "layer.bin:application/octet-stream", "--plain-http"], ct,
                workingDirectory: work, timeout: TimeSpan.FromMinutes(10));

            using var factory = new RegistryClientFactory();
            var ours = new List<double>();
            var oras = new List<double>();
            for (var run = 0; run < arguments.Runs; run++)
            {
                ours.Add(await TimeOursAsync(factory, registry, arguments.DiscardOutput ? null : Path.Combine(work, "ours.bin"), ct));
                oras.Add(await TimeOrasAsync(tools, registry, Path.Combine(work, $"oras-{run}"), ct));
                Console.WriteLine($"run {run + 1}: OciSource {Rate(size, ours[^1])}, oras {Rate(size, oras[^1])}");
            }

            var report = Report(arguments, size, ours, oras);
            Console.WriteLine(report);
            Directory.CreateDirectory(arguments.ResultsDirectory);
            await File.WriteAllTextAsync(Path.Combine(arguments.ResultsDirectory, arguments.DiscardOutput ? "pull-discard.md" : "pull.md"), report, ct);
            return 0;
        }
        finally
        {
            TestEnvironment.DeleteWorkDirectory(work);
        }
    }

    /// <summary>Times one pull into <paramref name="target"/>, or into nothing when it is null (network and verification only).</summary>
    private static async Task<double> TimeOursAsync(RegistryClientFactory factory, RegistryServer registry, string? target, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        using (var client = factory.Create(RepositoryReference.Parse($"{registry.Host}/bench/pull")))
        {
            var image = await client.GetImageAsync("v1", Platform.LinuxAmd64, ct);
            await using var blob = await client.OpenBlobAsync(image.Manifest.Layers[0], ct);
            await using var file = target is null ? Stream.Null : new FileStream(target, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                BufferSize = 0,
                PreallocationSize = image.Manifest.Layers[0].Size,
            });
            await OverlappedCopyAsync(blob, file, ct);
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
        if (target is not null)
        {
            File.Delete(target);
        }

        return seconds;
    }

    /// <summary>Copies with two buffers so the next network read overlaps the previous (synchronous) file write.</summary>
    private static async Task OverlappedCopyAsync(Stream source, Stream destination, CancellationToken ct)
    {
        const int Size = 1024 * 1024;
        var buffers = new[] { new byte[Size], new byte[Size] };
        var current = 0;
        Task write = Task.CompletedTask;
        while (true)
        {
            var buffer = buffers[current];
            var filled = 0;
            int read;
            while (filled < Size && (read = await source.ReadAsync(buffer.AsMemory(filled), ct)) > 0)
            {
                filled += read;
            }

            await write;
            if (filled == 0)
            {
                return;
            }

            write = Task.Run(() => destination.Write(buffer, 0, filled), ct);
            current ^= 1;
        }
    }

    private static async Task<double> TimeOrasAsync(Tools tools, RegistryServer registry, string output, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        await tools.RunAsync(tools.Oras, ["pull", $"{registry.Host}/bench/pull:v1", "-o", output, "--plain-http"], ct, timeout: TimeSpan.FromMinutes(10));
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Directory.Delete(output, recursive: true);
        return seconds;
    }

    private static async Task WriteRandomFileAsync(string path, long size, CancellationToken ct)
    {
        var chunk = new byte[4 * 1024 * 1024];
        await using var file = File.Create(path);
        for (long written = 0; written < size; written += chunk.Length)
        {
            RandomNumberGenerator.Fill(chunk);
            await file.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, size - written)), ct);
        }
    }

    private static string Rate(long bytes, double seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes / seconds / 1e9:F2} GB/s ({seconds:F2} s)");

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Report(BenchmarkArguments arguments, long size, List<double> ours, List<double> oras)
    {
        var ratio = Median(oras) / Median(ours);
        var oursRate = size / Median(ours) / 1e9;
        var verdict = oursRate >= 1.0 && ratio >= 1.0
            ? "met"
            : string.Create(CultureInfo.InvariantCulture, $"NOT met: {(oursRate < 1.0 ? $"{(1.0 - oursRate) * 100:F0}% below 1.0 GB/s" : "throughput ok")}, {(ratio < 1.0 ? $"{(1 - ratio) * 100:F0}% slower than oras" : "not slower than oras")}");
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# pull: {arguments.SizeMiB} MiB single-layer artifact from the loopback registry");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {arguments.Runs} runs each; OciSource = manifest GET + blob GET with size and sha256 verification while streaming {(arguments.DiscardOutput ? "into nothing (--discard: network and verification only)" : "to a file (reads overlapped with writes)")}; oras = `oras pull` (process start included).");
        text.AppendLine();
        text.AppendLine("| client | best | median |");
        text.AppendLine("|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| OciSource | {Rate(size, ours.Min())} | {Rate(size, Median(ours))} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| oras pull | {Rate(size, oras.Min())} | {Rate(size, Median(oras))} |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Ratio (oras median time / OciSource median time): **{ratio:F2}**.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Target P5 (≥ 1.0 GB/s and not slower than oras): **{verdict}**.");
        return text.ToString();
    }
}
