using OciSource.Controller.Hosting;
using OciSource.Runtime.Hosting;

namespace OciSource.Controller.Tests;

/// <summary><c>--feature-gates</c> read as Flux reads it (k8s.io/component-base's MapStringBool, Go's ParseBool).</summary>
public sealed class FeatureGatesTests
{
    [Fact]
    public void NoFlags_EveryGateIsOff()
    {
        var gates = FeatureGates.FromFlags(new Dictionary<string, string>());

        Assert.Equal(new FeatureGates(), gates);
        Assert.False(gates.CacheSecretsAndConfigMaps);
        Assert.False(gates.ObjectLevelWorkloadIdentity);
        Assert.Null(gates.DefaultServiceAccount);
    }

    [Theory]
    [InlineData("CacheSecretsAndConfigMaps=true", true, false)]
    [InlineData("CacheSecretsAndConfigMaps=1,ObjectLevelWorkloadIdentity=T", true, true)]
    [InlineData(" CacheSecretsAndConfigMaps = TRUE ,,ObjectLevelWorkloadIdentity=False", true, false)]
    [InlineData("CacheSecretsAndConfigMaps=true,CacheSecretsAndConfigMaps=f", false, false)]
    [InlineData("", false, false)]
    public void GoBooleans_AreRead(string value, bool cache, bool workloadIdentity)
    {
        var gates = FeatureGates.FromFlags(new Dictionary<string, string> { ["feature-gates"] = value });

        Assert.Equal(cache, gates.CacheSecretsAndConfigMaps);
        Assert.Equal(workloadIdentity, gates.ObjectLevelWorkloadIdentity);
    }

    [Fact]
    public void DefaultServiceAccount_WithObjectLevelWorkloadIdentity_IsAccepted()
    {
        var gates = FeatureGates.FromFlags(new Dictionary<string, string>
        {
            ["feature-gates"] = "ObjectLevelWorkloadIdentity=true",
            ["default-service-account"] = "workload",
        });

        Assert.Equal("workload", gates.DefaultServiceAccount);
    }

    [Theory]
    [InlineData("=true", "unable to load feature gates: feature-gate '' not supported")]
    [InlineData("ConfigMaps=true", "unable to load feature gates: feature-gate 'ConfigMaps' not supported")]
    public void UnknownGate_IsAnInvalidConfiguration(string value, string message)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => FeatureGates.FromFlags(new Dictionary<string, string> { ["feature-gates"] = value }));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void SpaceOnlyItem_IsMalformed()
    {
        var error = Assert.Throws<FlagException>(() => FeatureGates.FromFlags(new Dictionary<string, string> { ["feature-gates"] = "CacheSecretsAndConfigMaps=true, " }));

        Assert.Equal("invalid argument \"CacheSecretsAndConfigMaps=true, \" for \"--feature-gates\" flag: malformed pair, expect string=bool", error.Message);
    }
}
