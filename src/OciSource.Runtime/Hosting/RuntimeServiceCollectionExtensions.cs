using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OciSource.Runtime.Leader;
using OciSource.Runtime.Logging;
using OciSource.Runtime.Metrics;

namespace OciSource.Runtime.Hosting;

/// <summary>Composes the runtime into a generic host.</summary>
public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the logging (<see cref="RuntimeLogging.CreateProvider"/> per <paramref name="options"/> as the only provider), <see cref="TimeProvider.System"/>, <see cref="RuntimeMetrics"/>,
    /// <see cref="RuntimeState"/>, an <see cref="IKubernetes"/> from the default kubeconfig / in-cluster config rate
    /// limited by <c>--kube-api-qps/burst</c> and counted in <c>rest_client_requests_total</c> (unless one is registered already), the health and metrics endpoints, and
    /// the service that runs every registered <see cref="ILeaderInitializer"/> and then every <see cref="IRunnable"/> — under a <see cref="LeaseElector"/> when
    /// <see cref="RuntimeOptions.EnableLeaderElection"/>.
    /// </summary>
    /// <param name="logger">
    /// A logger provider to use instead of <see cref="RuntimeLogging.CreateProvider"/>'s (the caller disposes it); it
    /// sees every level, so it filters itself (as <see cref="RuntimeLogging.CreateProvider"/>'s does).
    /// </param>
    /// <exception cref="FlagException">Leader election without <c>RUNTIME_NAMESPACE</c>, or invalid options.</exception>
    public static IServiceCollection AddControllerRuntime(this IServiceCollection services, RuntimeOptions options, ILoggerProvider? logger = null)
    {
        options.Validate();
        AddLogging(services, options, logger);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton(_ => RuntimeMetrics.CreateIsolated());
        services.TryAddSingleton<RuntimeState>();
        services.TryAddSingleton<IKubernetes>(sp => new Kubernetes(
            KubeApiConfiguration.Load(),
            new ClientRateLimitHandler(options.KubeApiQps, options.KubeApiBurst, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<RuntimeMetrics>()),
            new ClientMetricsHandler(sp.GetRequiredService<RuntimeMetrics>())));
        if (options.EnableLeaderElection)
        {
            var ns = options.RuntimeNamespace is { Length: > 0 } n ? n : throw new FlagException("--enable-leader-election needs the RUNTIME_NAMESPACE environment variable");
            services.TryAddSingleton(sp => new LeaseElector(
                sp.GetRequiredService<IKubernetes>(),
                new LeaderElectionOptions
                {
                    LeaseName = options.LeaderElectionId,
                    LeaseNamespace = ns,
                    Identity = $"{Environment.MachineName}_{Guid.NewGuid()}",
                    LeaseDuration = options.LeaderElectionLeaseDuration,
                    RenewDeadline = options.LeaderElectionRenewDeadline,
                    RetryPeriod = options.LeaderElectionRetryPeriod,
                    ReleaseOnCancel = options.LeaderElectionReleaseOnCancel,
                },
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<LeaseElector>(),
                sp.GetRequiredService<RuntimeMetrics>()));
        }

        services.TryAddSingleton<EndpointsHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<EndpointsHostedService>());
        services.AddHostedService(sp => new RuntimeHostedService(
            sp.GetServices<IRunnable>(),
            sp.GetServices<ILeaderInitializer>(),
            sp.GetRequiredService<RuntimeState>(),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<ILogger<RuntimeHostedService>>(),
            sp.GetService<LeaseElector>()));
        return services;
    }

    /// <summary>
    /// Our provider replaces every other one (the host's console, debug and event-source loggers), sees every level
    /// whatever the <c>Logging</c> configuration says (the flags decide, in the provider), and gets no activity ids as
    /// scope properties (a JSON line carries the activity as <c>@tr</c>/<c>@sp</c>): the lines are those the controller's
    /// former logging library wrote. The container disposes the provider only when it created it.
    /// </summary>
    private static void AddLogging(IServiceCollection services, RuntimeOptions options, ILoggerProvider? logger)
    {
        services.AddLogging(builder => builder.ClearProviders());
        if (logger is null)
        {
            services.AddSingleton(_ => RuntimeLogging.CreateProvider(options));
        }
        else
        {
            services.AddSingleton(logger);
        }

        var providerType = logger?.GetType().FullName ?? typeof(LineLoggerProvider).FullName;
        services.Configure<LoggerFilterOptions>(filters => filters.Rules.Add(new LoggerFilterRule(providerType, null, LogLevel.Trace, null)));
        services.Configure<LoggerFactoryOptions>(factory => factory.ActivityTrackingOptions = ActivityTrackingOptions.None);
    }
}
