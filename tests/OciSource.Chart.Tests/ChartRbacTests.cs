using OciSource.Runtime.Hosting;

namespace OciSource.Chart.Tests;

/// <summary>
/// The chart grants exactly what the controller calls (src/OciSource.Runtime and src/OciSource.Controller): list,
/// watch, get and merge-patch of OCIRepositories and of their status, finalizers update, get of Secrets and
/// ServiceAccounts (list and watch of Secrets only with the <c>CacheSecretsAndConfigMaps</c> feature gate; ServiceAccount
/// tokens only with <c>ObjectLevelWorkloadIdentity</c>), events.k8s.io Events create and patch, and the Lease in the
/// release namespace only.
/// </summary>
public sealed class ChartRbacTests : IDisposable
{
    private static readonly string[] ClusterPermissions =
    [
        "source.toolkit.fluxcd.io/ocirepositories:get",
        "source.toolkit.fluxcd.io/ocirepositories:list",
        "source.toolkit.fluxcd.io/ocirepositories:watch",
        "source.toolkit.fluxcd.io/ocirepositories:patch",
        "source.toolkit.fluxcd.io/ocirepositories/status:patch",
        "source.toolkit.fluxcd.io/ocirepositories/finalizers:update",
        "core/secrets:get",
        "core/serviceaccounts:get",
        "events.k8s.io/events:create",
        "events.k8s.io/events:patch",
    ];

    private readonly HelmChart _chart = new();

    [Fact]
    public async Task Defaults_ClusterRole_GrantsExactlyTheControllersCalls()
    {
        var rendered = await _chart.TemplateAsync(null, TestContext.Current.CancellationToken);

        var role = rendered.One("ClusterRole");

        Assert.Equal(ClusterPermissions.Order(StringComparer.Ordinal), RbacPermissions.Of(role));
    }

    [Fact]
    public async Task CacheSecretsAndConfigMapsGate_ClusterRole_AlsoListsAndWatchesSecrets()
    {
        var rendered = await _chart.TemplateAsync("controller:\n  featureGates:\n    CacheSecretsAndConfigMaps: true\n", TestContext.Current.CancellationToken);

        var role = rendered.One("ClusterRole");

        Assert.Equal("--feature-gates=CacheSecretsAndConfigMaps=true", Assert.Single(rendered.ContainerArgs, a => a.StartsWith("--feature-gates=", StringComparison.Ordinal)));
        Assert.Equal(ClusterPermissions.Concat(["core/secrets:list", "core/secrets:watch"]).Order(StringComparer.Ordinal), RbacPermissions.Of(role));
    }

    [Fact]
    public async Task ObjectLevelWorkloadIdentityGate_ClusterRole_AlsoCreatesServiceAccountTokens()
    {
        var rendered = await _chart.TemplateAsync("controller:\n  featureGates:\n    ObjectLevelWorkloadIdentity: true\n", TestContext.Current.CancellationToken);

        var role = rendered.One("ClusterRole");

        Assert.Equal(ClusterPermissions.Append("core/serviceaccounts/token:create").Order(StringComparer.Ordinal), RbacPermissions.Of(role));
    }

    [Fact]
    public async Task CacheSecretsAndConfigMapsGateOff_ClusterRole_GetsSecretsOnly()
    {
        var rendered = await _chart.TemplateAsync("controller:\n  featureGates:\n    CacheSecretsAndConfigMaps: false\n", TestContext.Current.CancellationToken);

        var role = rendered.One("ClusterRole");

        Assert.Equal("--feature-gates=CacheSecretsAndConfigMaps=false", Assert.Single(rendered.ContainerArgs, a => a.StartsWith("--feature-gates=", StringComparison.Ordinal)));
        Assert.Equal(ClusterPermissions.Order(StringComparer.Ordinal), RbacPermissions.Of(role));
    }

    [Fact]
    public async Task Defaults_LeaderElectionRole_GrantsOnlyTheLeaseInTheReleaseNamespace()
    {
        var rendered = await _chart.TemplateAsync(null, TestContext.Current.CancellationToken);

        var role = rendered.One("Role");

        Assert.Equal(HelmChart.Namespace, role.Scalar("metadata", "namespace"));
        var lease = RuntimeOptions.DefaultLeaderElectionId;
        Assert.Equal(
            ["coordination.k8s.io/leases:create", $"coordination.k8s.io/leases@{lease}:get", $"coordination.k8s.io/leases@{lease}:update"],
            RbacPermissions.Of(role));
    }

    [Fact]
    public async Task WatchLabelSelector_LeaderElectionRole_NamesTheLeaseTheControllerElectsWith()
    {
        const string selector = "sharding.fluxcd.io/key=shard-7";
        var rendered = await _chart.TemplateAsync($"controller:\n  watchLabelSelector: {selector}\n", TestContext.Current.CancellationToken);

        var role = rendered.One("Role");

        var lease = new RuntimeOptions { WatchLabelSelector = selector }.LeaderElectionId;
        Assert.NotEqual(RuntimeOptions.DefaultLeaderElectionId, lease);
        Assert.Contains($"coordination.k8s.io/leases@{lease}:update", RbacPermissions.Of(role));
    }

    [Fact]
    public async Task Defaults_Bindings_GiveBothRolesToTheControllersServiceAccount()
    {
        var rendered = await _chart.TemplateAsync(null, TestContext.Current.CancellationToken);

        var account = rendered.One("ServiceAccount");
        Assert.Equal(account.Name, rendered.Deployment.Scalar("spec", "template", "spec", "serviceAccountName"));
        AssertBinding(rendered.One("ClusterRoleBinding"), "ClusterRole", rendered.One("ClusterRole").Name, account.Name);
        AssertBinding(rendered.One("RoleBinding"), "Role", rendered.One("Role").Name, account.Name);
    }

    [Fact]
    public async Task SingleNamespace_ClusterRole_IsBoundInTheReleaseNamespaceOnly()
    {
        var rendered = await _chart.TemplateAsync("controller:\n  watchAllNamespaces: false\n", TestContext.Current.CancellationToken);

        Assert.Empty(rendered.OfKind("ClusterRoleBinding"));
        var binding = Assert.Single(rendered.OfKind("RoleBinding"), b => b.Scalar("roleRef", "kind") == "ClusterRole");
        Assert.Equal(HelmChart.Namespace, binding.Scalar("metadata", "namespace"));
        AssertBinding(binding, "ClusterRole", rendered.One("ClusterRole").Name, rendered.One("ServiceAccount").Name);
    }

    [Fact]
    public async Task RbacCreateFalse_RendersNoRolesOrBindings()
    {
        var rendered = await _chart.TemplateAsync("rbac:\n  create: false\n", TestContext.Current.CancellationToken);

        Assert.DoesNotContain(rendered.Manifests, m => m.ApiVersion.StartsWith("rbac.authorization.k8s.io/", StringComparison.Ordinal));
        Assert.Single(rendered.OfKind("Deployment"));
    }

    [Fact]
    public async Task LeaderElectionDisabled_RendersNoLeaseRole()
    {
        var rendered = await _chart.TemplateAsync("leaderElection:\n  enabled: false\n", TestContext.Current.CancellationToken);

        Assert.Empty(rendered.OfKind("Role"));
        Assert.Contains("--enable-leader-election=false", rendered.ContainerArgs);
    }

    public void Dispose() => _chart.Dispose();

    private static void AssertBinding(Manifest binding, string roleKind, string roleName, string serviceAccount)
    {
        Assert.Equal("rbac.authorization.k8s.io", binding.Scalar("roleRef", "apiGroup"));
        Assert.Equal(roleKind, binding.Scalar("roleRef", "kind"));
        Assert.Equal(roleName, binding.Scalar("roleRef", "name"));
        var subject = Assert.Single(binding.Sequence("subjects"));
        Assert.Equal("ServiceAccount", Manifest.Scalar(subject, "kind"));
        Assert.Equal(serviceAccount, Manifest.Scalar(subject, "name"));
        Assert.Equal(HelmChart.Namespace, Manifest.Scalar(subject, "namespace"));
    }
}
