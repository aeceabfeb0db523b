using System.Globalization;

namespace OciSource.Benchmarks.Scale;

/// <summary>
/// Options of the controller scenarios (scale-1k, scale-10k, steady, dedup, startup), read from the benchmark's
/// command line: <c>--objects N</c>, <c>--namespaces N</c>, <c>--create-concurrency N</c>, <c>--interval D</c>
/// (the objects' <c>spec.interval</c>), <c>--controller PATH</c> (another build of the controller, e.g. a ReadyToRun
/// publish; default the apphost next to the benchmark), <c>--variant NAME</c> (results go to <c>&lt;scenario&gt;-NAME.md</c>),
/// <c>--env NAME=VALUE</c> (repeatable: the controller's environment, e.g. GC settings), and after <c>--</c> flags for
/// the controller (e.g. <c>--kube-api-qps=500</c>), which override the benchmark's own.
/// </summary>
internal sealed record ScaleOptions(
    int Objects,
    int Namespaces,
    int CreateConcurrency,
    string Interval,
    string ControllerPath,
    string? Variant,
    IReadOnlyDictionary<string, string> ControllerEnvironment,
    IReadOnlyList<string> ControllerFlags)
{
    public static ScaleOptions Parse(string[] args, int defaultObjects, string defaultInterval)
    {
        var separator = Array.IndexOf(args, "--");
        var own = separator >= 0 ? args[..separator] : args;
        var objects = Int(own, "--objects") ?? defaultObjects;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < own.Length; i++)
        {
            if (own[i] == "--env" && own[i + 1].Split('=', 2) is [var name, var value])
            {
                environment[name] = value;
            }
        }

        return new ScaleOptions(
            objects,
            Int(own, "--namespaces") ?? Math.Max(1, objects / 100),
            Int(own, "--create-concurrency") ?? 16,
            Text(own, "--interval") ?? defaultInterval,
            Path.GetFullPath(Text(own, "--controller") ?? Path.Combine(AppContext.BaseDirectory, "oci-source-controller")),
            Text(own, "--variant"),
            environment,
            separator >= 0 ? args[(separator + 1)..] : []);
    }

    /// <summary>The results file name: <c>&lt;scenario&gt;.md</c>, or <c>&lt;scenario&gt;-&lt;variant&gt;.md</c>.</summary>
    public string ResultsName(string scenario) => Variant is { Length: > 0 } v ? $"{scenario}-{v}.md" : $"{scenario}.md";

    /// <summary>How the controller was run, for the results file.</summary>
    public string Describe() =>
        $"controller: `{Path.GetRelativePath(OciSource.Testing.TestEnvironment.RepositoryRoot, ControllerPath)}`; controller flags: `{string.Join(' ', ControllerFlags.DefaultIfEmpty("(defaults)"))}`; environment: `{string.Join(' ', ControllerEnvironment.Select(e => $"{e.Key}={e.Value}").DefaultIfEmpty("(none)"))}`";

    private static string? Text(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static int? Int(string[] args, string name) => Text(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
}
