using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OciSource.Controller.Hosting;
using OciSource.Controller.Reconciliation;
using OciSource.Runtime.Hosting;
using OciSource.Storage;

// oci-source-controller: Flux source-controller's OCIRepository reconciler. Flags as Flux's (README "Flags").
// Exit codes (ExitCodes, README "Exit codes"): 0 after a clean stop, 1 when a component failed, 2 for invalid flags,
// 3 when leadership was lost (the Lease not renewed in time, e.g. the API server stopped answering), 4 when the
// storage path cannot be written at start.
RuntimeOptions runtime;
StorageFlags storage;
ReconcilerOptions reconciler;
try
{
    var flags = FlagParser.Parse(args, RuntimeOptions.BooleanFlags);
    var unknown = flags.Keys.Where(k => !RuntimeOptions.KnownFlags.Contains(k) && !StorageFlags.Names.Contains(k) && !ArtifactServerFlags.Names.Contains(k) && !ReconcilerOptions.Names.Contains(k) && !StorageFlags.AcceptedFluxFlags.Contains(k)).ToList();
    if (unknown.Count > 0)
    {
        throw new FlagException($"unknown flag: --{unknown[0]}");
    }

    runtime = RuntimeOptions.FromFlags(flags, Environment.GetEnvironmentVariable);
    storage = StorageFlags.FromFlags(flags, Environment.GetEnvironmentVariable);
    reconciler = ReconcilerOptions.FromFlags(flags, runtime);
    _ = KubeApiConfiguration.Load();
}
catch (FlagException e)
{
    await Console.Error.WriteLineAsync($"oci-source-controller: {e.Message}");
    return ExitCodes.InvalidFlags;
}
catch (InvalidConfigurationException e)
{
    // Flux exits 1 for these (setupLog.Error + os.Exit(1)), after the flags parsed.
    await Console.Error.WriteLineAsync($"oci-source-controller: {e.Message}");
    return ExitCodes.Failed;
}

var builder = Host.CreateApplicationBuilder();
builder.Services.AddControllerRuntime(runtime);
builder.Services.AddOciRepositoryController(runtime, storage, reconciler);
using var host = builder.Build();
var store = host.Services.GetRequiredService<ArtifactStore>();
try
{
    await store.InitializeAsync(CancellationToken.None);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    await Console.Error.WriteLineAsync($"oci-source-controller: storage path {store.Root} is not writable: {e.Message}");
    return ExitCodes.StartupFailed;
}

// RunAsync disposes the host when it stops, so the state is resolved before.
var state = host.Services.GetRequiredService<RuntimeState>();
await host.RunAsync();
return state.ExitCode;
