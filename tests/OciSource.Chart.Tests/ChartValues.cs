namespace OciSource.Chart.Tests;

/// <summary>Values files the tests render the chart with.</summary>
public static class ChartValues
{
    /// <summary>Every controller flag away from its default, and every optional part switched from its default.</summary>
    public const string EveryOptionSwitched = """
        image:
          repository: registry.example.com/ocisource/controller
          tag: 9.9.9-test
        crds:
          install: false
        artifactServer:
          maxConnections: 1000
          requestHeadersTimeout: 5s
          keepAliveTimeout: 1m
          minResponseRate: 131072
        networkPolicy:
          enabled: true
          artifacts:
            namespaceSelector:
              matchLabels:
                example.com/artifact-consumer: "true"
          metrics:
            namespaceSelector:
              matchExpressions:
                - key: kubernetes.io/metadata.name
                  operator: In
                  values: [monitoring]
        serviceAccount:
          name: custom-sa
          annotations:
            example.com/role: reader
        leaderElection:
          leaseDuration: 61s
          renewDeadline: 41s
          retryPeriod: 7s
          releaseOnCancel: false
        controller:
          concurrent: 7
          minRetryDelay: 2s
          maxRetryDelay: 20m
          intervalJitterPercentage: 11
          progressStatusDelay: 3s
          sigstoreTrustedRoot:
            configMap: private-sigstore
            key: root.json
          watchAllNamespaces: false
          watchLabelSelector: sharding.fluxcd.io/key=ocisource
          eventsAddr: http://notification-controller.flux-system.svc.cluster.local./
          kubeApiQps: 12.5
          kubeApiBurst: 77
          logLevel: debug
          logEncoding: console
          featureGates:
            CacheSecretsAndConfigMaps: true
            ObjectLevelWorkloadIdentity: true
          defaultServiceAccount: workload-identity
          tokenCacheMaxSize: 0
          tokenCacheMaxDuration: 30m
        storage:
          path: /var/lib/artifacts
          advertisedAddress: artifacts.example.com:8443
          retentionTtl: 90s
          retentionRecords: 5
          digestAlgorithm: blake3
          maxExtractSize: 21474836480
          maxArtifactSize: 0
        containerPorts:
          http: 9091
          metrics: 8081
          health: 9441
        extraArgs:
          - --helm-cache-max-size=10
        extraEnv:
          - name: DOTNET_gcServer
            value: "0"
        persistence:
          existingClaim: artifacts-claim
          accessModes: [ReadWriteMany]
        replicaCount: 2
        metrics:
          serviceMonitor:
            enabled: true
            interval: 30s
            labels:
              release: prometheus
        nodeSelector:
          kubernetes.io/os: linux
        priorityClassName: system-cluster-critical
        """;
}
