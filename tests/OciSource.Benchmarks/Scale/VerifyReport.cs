using System.Globalization;
using System.Text;

namespace OciSource.Benchmarks.Scale;

/// <summary>The results file of the <c>verify</c> scenario: added time and CPU per new revision, and the no-op reconcile, per mode.</summary>
internal static class VerifyReport
{
    public static string Render(ScaleOptions options, int warmUp, int rounds, IReadOnlyList<VerifyModeResult> results, string loadBefore, string loadAfter)
    {
        var baseline = results[0];
        var text = new StringBuilder();
        ScaleBenchmark.AppendHeader(text, "verify: the cost of `spec.verify` per new revision and per no-op reconcile", options);
        text.AppendLine(CultureInfo.InvariantCulture, $"Per mode {results[0].ReadyMilliseconds.Count} measured OCIRepositories (after {warmUp} unmeasured warm-up objects per mode), each on its own small artifact (one ConfigMap file) in its own repository at tag `latest`, signed before the objects were created (signing not timed). The measured objects were created one at a time, the modes taking turns in a rotating order; each is timed from its create to the benchmark's watch seeing it Ready=True, and the controller's CPU (`/proc` utime + stime, 10 ms ticks, idle work included) is summed over those windows. No-op reconciles: {rounds} rounds; in each, per mode, `reconcile.fluxcd.io/requestedAt` set on the mode's objects, the window ending when the watch saw every `status.lastHandledReconcileAt` equal the token. Registry requests are counted at the logging front, for the mode's repositories only. Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter}. The machine has 2 cores shared with other work (other builds and tests ran at the same time), so single figures are noisy; compare the modes measured in turns rather than with other files.");
        text.Table("mode", "create → Ready median / p90 (nearest rank)", "median − baseline", "controller CPU per new object", "− baseline", "SourceVerified=True", "registry requests per new object");
        foreach (var r in results)
        {
            var median = Percentile(r.ReadyMilliseconds, 0.5);
            var cpuMs = r.CreateCpuSeconds * 1000 / r.ReadyMilliseconds.Count;
            text.Row(
                r.Mode.Description,
                Ms($"{median:F1} ms / {Percentile(r.ReadyMilliseconds, 0.9):F1} ms"),
                r == baseline ? "—" : Ms($"{median - Percentile(baseline.ReadyMilliseconds, 0.5):+0.0;-0.0} ms"),
                Ms($"{cpuMs:F1} ms"),
                r == baseline ? "—" : Ms($"{cpuMs - (baseline.CreateCpuSeconds * 1000 / baseline.ReadyMilliseconds.Count):+0.0;-0.0} ms"),
                r.Mode.Verifies ? $"{r.Verified} of {r.ReadyMilliseconds.Count}" : "(not verifying)",
                $"{Ms($"{(double)r.CreateRequests.Values.Sum() / r.ReadyMilliseconds.Count:F2}")}: {PerObject(r.CreateRequests, r.ReadyMilliseconds.Count)}");
        }

        text.Table("mode", "registry requests of the first measured object, create → Ready, in order");
        foreach (var r in results)
        {
            text.Row(r.Mode.Description, string.Join(", ", r.FirstObjectRequests.Select(l => $"`{l}`")));
        }

        text.Table("mode", "no-op reconciles", "controller CPU per no-op", "− baseline: mean ± 2 SE of the per-round differences", "registry requests per no-op", "controller API requests per no-op");
        foreach (var r in results)
        {
            text.Row(
                r.Mode.Description,
                $"{r.NoOps}",
                Ms($"{r.NoOpCpuMilliseconds:F2} ms"),
                r == baseline ? "—" : Ms($"{PairedDifference(r, baseline).Mean:+0.00;-0.00} ± {2 * PairedDifference(r, baseline).StandardError:F2} ms"),
                $"{Ms($"{(double)r.NoOpRequests.Values.Sum() / r.NoOps:F2}")}: {PerObject(r.NoOpRequests, r.NoOps)}",
                $"{Ms($"{r.NoOpApiRequests.Values.Sum() / r.NoOps:F2}")}: {PerObject(r.NoOpApiRequests, r.NoOps)}");
        }

        var baseHeads = baseline.NoOpRequests.Values.Sum() / (double)baseline.NoOps;
        var worst = results.Skip(1).Max(r => r.NoOpRequests.Values.Sum() / (double)r.NoOps);
        text.Table("target (issue)", "measured", "verdict");
        text.Row("the added time per new revision for each mode", "the table above (median − baseline)", "measured");
        text.Row("verification must not make a no-op reconcile cost more: registry requests", Ms($"baseline {baseHeads:F2}, verifying modes at most {worst:F2} per no-op"), worst <= baseHeads ? "met" : "**NOT met**");
        var worstCpu = results.Skip(1).MaxBy(r => PairedDifference(r, baseline).Mean)!;
        var (mean, standardError) = PairedDifference(worstCpu, baseline);
        text.Row(
            "… controller CPU",
            Ms($"the largest difference, {worstCpu.Mode.Description}: {mean:+0.00;-0.00} ± {2 * standardError:F2} ms per no-op (mean ± 2 SE over {baseline.NoOpCpuSeconds.Count} rounds, each round's difference to the baseline's)"),
            mean <= 2 * standardError ? "met: no difference beyond the run's noise" : "**NOT met**");
        text.AppendLine();
        text.AppendLine("Not measured: cosign keyless (Fulcio certificate + Rekor entry). There is no local Sigstore fixture (no Fulcio or Rekor here), so no keyless-signed artifact can be made offline; its cryptographic cost is bounded by the bundle verifier, which the Sigstore conformance suite exercises (`tests/OciSource.Cli.Tests`).");
        return text.ToString();
    }

    /// <summary>Mean and standard error, in milliseconds per no-op, of the per-round CPU differences between <paramref name="mode"/> and <paramref name="baseline"/>.</summary>
    private static (double Mean, double StandardError) PairedDifference(VerifyModeResult mode, VerifyModeResult baseline)
    {
        var perNoOp = mode.NoOps / (double)mode.NoOpCpuSeconds.Count;
        var differences = mode.NoOpCpuSeconds.Zip(baseline.NoOpCpuSeconds, (m, b) => (m - b) * 1000 / perNoOp).ToList();
        var mean = differences.Average();
        var variance = differences.Sum(d => (d - mean) * (d - mean)) / Math.Max(1, differences.Count - 1);
        return (mean, Math.Sqrt(variance / differences.Count));
    }

    /// <summary>Nearest-rank percentile of <paramref name="values"/>.</summary>
    private static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string PerObject<T>(IReadOnlyDictionary<string, T> counts, int objects)
        where T : System.Numerics.INumber<T> =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => Ms($"{c.Key} {double.CreateChecked(c.Value) / objects:0.##}")));

    private static string Ms(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
