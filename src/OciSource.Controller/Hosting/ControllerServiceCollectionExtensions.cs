using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Controller.Cloud;
using OciSource.Controller.Reconciliation;
using OciSource.Controller.Verification;
using OciSource.Distribution.Client;
using OciSource.Runtime;
using OciSource.Runtime.Controller;
using OciSource.Runtime.Events;
using OciSource.Runtime.Hosting;
using OciSource.Runtime.Informer;
using OciSource.Runtime.Metrics;
using OciSource.Runtime.Status;
using OciSource.Storage;
using Prometheus;

namespace OciSource.Controller.Hosting;

/// <summary>Composes the OCIRepository controller, the artifact store and its server onto the controller runtime.</summary>
internal static class ControllerServiceCollectionExtensions
{
    public static readonly ResourceType OciRepositories = new(SourceApi.Group, OCIRepository.Version, SourceApi.Plural, SourceApi.Kind);

    /// <summary>Flux's controller name: events report it, field manager and metrics use it.</summary>
    public const string ControllerName = "source-controller";

    /// <remarks>Requires <see cref="RuntimeServiceCollectionExtensions.AddControllerRuntime"/>.</remarks>
    public static IServiceCollection AddOciRepositoryController(this IServiceCollection services, RuntimeOptions runtime, StorageFlags storage, ReconcilerOptions reconciler)
    {
        services.AddSingleton(sp => new ArtifactStore(storage.Store, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ArtifactStore>>()));
        services.AddSingleton(sp => new RegistryClientFactory(sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new Informer<OCIRepository>(
            sp.GetRequiredService<IKubernetes>(),
            OciRepositories,
            SourceApiJsonContext.Default.OCIRepository,
            new InformerOptions { Namespace = runtime.WatchNamespace, LabelSelector = runtime.WatchLabelSelector is { Length: > 0 } s ? s : null },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Informer<OCIRepository>>>()));
        AddSecretReader(services, runtime, reconciler.FeatureGates);
        // The cloud providers' endpoints come from their SDKs' documented environment variables; a host that composes
        // the controller may register its own registry first (e.g. with endpoints given explicitly).
        services.TryAddSingleton(sp => CloudProviderRegistry.FromEnvironment(sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new EventRecorder(
            sp.GetRequiredService<IKubernetes>(),
            ControllerName,
            Environment.MachineName,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EventRecorder>>(),
            sp.GetRequiredService<RuntimeMetrics>(),
            forwarder: runtime.EventsAddr is { Length: > 0 } eventsAddr
                ? new EventForwarder(
                    new Uri(eventsAddr),
                    ControllerName,
                    Environment.MachineName,
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<EventForwarder>>(),
                    sp.GetRequiredService<RuntimeMetrics>())
                : null));
        services.AddSingleton(sp => new OCIRepositoryReconciler(
            sp.GetRequiredService<Informer<OCIRepository>>(),
            new ObjectPatcher<OCIRepository>(sp.GetRequiredService<IKubernetes>(), OciRepositories, SourceApiJsonContext.Default.OCIRepository, ControllerName, sp.GetRequiredService<ILogger<ObjectPatcher<OCIRepository>>>()),
            new SourceCredentials(sp.GetRequiredService<IKubernetes>(), sp.GetRequiredService<SecretReader>(), CloudResolver(sp, reconciler)),
            new SourceSignatureVerifier(
                sp.GetRequiredService<SecretReader>(), reconciler.SigstoreTrustedRoot, sp.GetRequiredService<ILogger<SourceSignatureVerifier>>()),
            sp.GetRequiredService<RegistryClientFactory>(),
            sp.GetRequiredService<ArtifactStore>(),
            storage.Store,
            sp.GetRequiredService<EventRecorder>(),
            ReconcileDurations(sp.GetRequiredService<RuntimeMetrics>()),
            reconciler,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<OCIRepositoryReconciler>>()));
        services.AddSingleton<IRunnable>(sp => new Controller<OCIRepository>(
            sp.GetRequiredService<Informer<OCIRepository>>(),
            sp.GetRequiredService<OCIRepositoryReconciler>(),
            new ControllerOptions { Name = "ocirepository", Concurrency = runtime.Concurrent, MinRetryDelay = runtime.MinRetryDelay, MaxRetryDelay = runtime.MaxRetryDelay },
            sp.GetRequiredService<RuntimeMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Controller<OCIRepository>>>()));
        services.AddSingleton<ILeaderInitializer>(sp => new StoreLeftoverCleaner(sp.GetRequiredService<ArtifactStore>()));
        services.AddSingleton<IRunnable>(sp => new ArtifactServerRunnable(storage.ListenAddress, storage.Server, sp.GetRequiredService<ArtifactStore>(), sp.GetRequiredService<ILogger<ArtifactServerRunnable>>()));
        return services;
    }

    /// <summary>
    /// The <see cref="SecretReader"/> the reconciler uses: a GET per read, or, with <c>CacheSecretsAndConfigMaps</c>,
    /// an informer of the watched namespace's Secrets (all namespaces with <c>--watch-all-namespaces</c>), as Flux's
    /// manager cache; it needs <c>list</c> and <c>watch</c> on Secrets.
    /// </summary>
    private static void AddSecretReader(IServiceCollection services, RuntimeOptions runtime, FeatureGates gates)
    {
        if (!gates.CacheSecretsAndConfigMaps)
        {
            services.AddSingleton(sp => new SecretReader(sp.GetRequiredService<IKubernetes>()));
            return;
        }

        services.AddSingleton(sp => new Informer<V1Secret>(
            new SecretListWatcher(sp.GetRequiredService<IKubernetes>()),
            new InformerOptions { Namespace = runtime.WatchNamespace },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Informer<V1Secret>>>()));
        services.AddSingleton<IRunnable>(sp => new InformerRunnable<V1Secret>(sp.GetRequiredService<Informer<V1Secret>>()));
        services.AddSingleton(sp => new SecretReader(sp.GetRequiredService<IKubernetes>(), sp.GetRequiredService<Informer<V1Secret>>()));
    }

    /// <summary>The cloud credential resolver with the token cache <c>--token-cache-max-size</c> asks for (none when 0).</summary>
    private static CloudCredentialResolver CloudResolver(IServiceProvider sp, ReconcilerOptions reconciler) => new(
        sp.GetRequiredService<IKubernetes>(),
        sp.GetRequiredService<CloudProviderRegistry>(),
        reconciler.TokenCache.MaxSize > 0
            ? new ProviderTokenCache(reconciler.TokenCache, new TokenCacheMetrics(sp.GetRequiredService<RuntimeMetrics>().Registry), sp.GetRequiredService<TimeProvider>())
            : null,
        reconciler.FeatureGates);

    /// <summary><c>gotk_reconcile_duration_seconds{kind,name,namespace}</c> with Flux's buckets (10 from 0.01 s to 1800 s).</summary>
    private static Histogram ReconcileDurations(RuntimeMetrics metrics)
    {
        var factor = Math.Pow(1800 / 0.01, 1.0 / 9);
        var buckets = Enumerable.Range(0, 10).Select(i => 0.01 * Math.Pow(factor, i)).ToArray();
        return Metrics.WithCustomRegistry(metrics.Registry).CreateHistogram(
            "gotk_reconcile_duration_seconds",
            "The duration in seconds of a GitOps Toolkit resource reconciliation.",
            new HistogramConfiguration { LabelNames = ["kind", "name", "namespace"], Buckets = buckets });
    }
}
