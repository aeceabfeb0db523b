using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OciSource.Benchmarks.Scale;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.References;
using OciSource.Testing;
using OciSource.Testing.Registry;

namespace OciSource.Benchmarks;

/// <summary>
/// Target P5: a single-layer artifact pulled from the loopback registry, digest-verified and stored, against
/// <c>oras pull</c> of the same artifact in the same run. Measured three ways per run: the controller (an
/// OCIRepository in copy mode, create → Ready, <see cref="ControllerPull"/>; the figure the target is judged by,
/// unless <c>--discard</c>), the registry client alone streaming into a file (or into nothing with <c>--discard</c>),
/// and oras. Reports the best and median of the runs and the ratios of the medians.
/// </summary>
internal static class PullBenchmark
{
    private const string MediaType = "application/octet-stream";

    public static async Task<int> RunAsync(BenchmarkArguments arguments, string[] args)
    {
        var ct = CancellationToken.None;
        var options = ScaleOptions.Parse(args, 1, "1h");
        await using var environment = await BenchEnvironment.StartAsync("bench-pull", ct);
        var registry = environment.Registry;
        var work = environment.WorkDirectory;
        var size = (long)arguments.SizeMiB * 1024 * 1024;
        using var factory = new RegistryClientFactory();
        await using var controller = arguments.DiscardOutput ? null : await ControllerPull.StartAsync(environment, options, ct);
        var timings = new Timings();
        for (var run = 0; run < arguments.Runs; run++)
        {
            // A new layer each run: the controller's store links a layer it already holds instead of downloading it.
            var tag = $"r{run}";
            Console.WriteLine($"Preparing a {arguments.SizeMiB} MiB layer and pushing it with oras as {tag}...");
            await WriteRandomFileAsync(Path.Combine(work, "layer.bin"), size, ct);
            await environment.Tools.RunAsync(
                environment.Tools.Oras, ["push", $"{registry.Host}/bench/pull:{tag}", $"layer.bin:{MediaType}", "--plain-http"], ct,
                workingDirectory: work, timeout: TimeSpan.FromMinutes(10));
            File.Delete(Path.Combine(work, "layer.bin"));
            if (controller is not null)
            {
                timings.Controller.Add(await controller.TimeAsync(run, $"oci://{registry.Host}/bench/pull", tag, MediaType, ct));
            }

            timings.Client.Add(await TimeOursAsync(factory, registry, tag, arguments.DiscardOutput ? null : Path.Combine(work, "ours.bin"), ct));
            timings.Oras.Add(await TimeOrasAsync(environment.Tools, registry, tag, Path.Combine(work, $"oras-{run}"), ct));
            Console.WriteLine($"run {run + 1}: {(controller is null ? string.Empty : $"controller {Rate(size, timings.Controller[^1])}, ")}client {Rate(size, timings.Client[^1])}, oras {Rate(size, timings.Oras[^1])}");
        }

        var report = Report(arguments, options, size, timings);
        Console.WriteLine(report);
        await ResultsFile.WriteAsync(arguments.ResultsDirectory, arguments.DiscardOutput ? "pull-discard.md" : options.ResultsName("pull"), report, ct);
        return 0;
    }

    /// <summary>Times one pull into <paramref name="target"/>, or into nothing when it is null (network and verification only).</summary>
    private static async Task<double> TimeOursAsync(RegistryClientFactory factory, RegistryServer registry, string tag, string? target, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        using (var client = factory.Create(RepositoryReference.Parse($"{registry.Host}/bench/pull")))
        {
            var image = await client.GetImageAsync(tag, Platform.LinuxAmd64, ct);
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

    private static async Task<double> TimeOrasAsync(Tools tools, RegistryServer registry, string tag, string output, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        await tools.RunAsync(tools.Oras, ["pull", $"{registry.Host}/bench/pull:{tag}", "-o", output, "--plain-http"], ct, timeout: TimeSpan.FromMinutes(10));
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

    private static string Report(BenchmarkArguments arguments, ScaleOptions options, long size, Timings timings)
    {
        var judged = arguments.DiscardOutput ? timings.Client : timings.Controller;
        var ratio = Median(timings.Oras) / Median(judged);
        var rate = size / Median(judged) / 1e9;
        var verdict = rate >= 1.0 && ratio >= 1.0
            ? "met"
            : string.Create(CultureInfo.InvariantCulture, $"NOT met: {(rate < 1.0 ? $"{(1.0 - rate) * 100:F0}% below 1.0 GB/s" : "throughput ok")}, {(ratio < 1.0 ? $"{(1 - ratio) * 100:F0}% slower than oras" : "not slower than oras")}");
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# pull: {arguments.SizeMiB} MiB single-layer artifact from the loopback registry");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores (load average {load} at the end), {arguments.Runs} runs each, by `bash eng/bench.sh pull{(arguments.DiscardOutput ? " --discard" : string.Empty)}`; {(arguments.DiscardOutput ? string.Empty : $"controller: {options.Describe()}")}.");
        text.AppendLine();
        if (!arguments.DiscardOutput)
        {
            text.AppendLine("- **controller** (judged): an OCIRepository with `layerSelector: {mediaType: application/octet-stream, operation: copy}`, from just before its create to the benchmark's watch seeing Ready=True: the reconcile's manifest GET, the blob streamed with size and sha256 verification into the store's temp file (reads overlapped with writes, preallocated), flushed to disk (`fsync`), renamed and linked, and the status write.");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"- **client**: the registry client alone (manifest GET, blob GET with size and sha256 verification) streaming {(arguments.DiscardOutput ? "into nothing (--discard: network and verification only)" : "to a file (reads overlapped with writes, no fsync)")}.");
        text.AppendLine("- **oras**: `oras pull` (process start included; it verifies the digest and does not fsync).");
        text.AppendLine();
        text.AppendLine("| what | best | median |");
        text.AppendLine("|---|---|---|");
        if (!arguments.DiscardOutput)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| controller (copy mode, create → Ready) | {Rate(size, timings.Controller.Min())} | {Rate(size, Median(timings.Controller))} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| client | {Rate(size, timings.Client.Min())} | {Rate(size, Median(timings.Client))} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| oras pull | {Rate(size, timings.Oras.Min())} | {Rate(size, Median(timings.Oras))} |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Ratio (oras median time / {(arguments.DiscardOutput ? "client" : "controller")} median time): **{ratio:F2}**.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Target P5 (≥ 1.0 GB/s and not slower than oras): **{verdict}**.");
        return text.ToString();
    }

    /// <summary>Seconds per run of each way of pulling.</summary>
    private sealed class Timings
    {
        public List<double> Controller { get; } = [];

        public List<double> Client { get; } = [];

        public List<double> Oras { get; } = [];
    }
}
