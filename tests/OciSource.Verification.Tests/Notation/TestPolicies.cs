using System.Text;
using System.Text.Json;
using OciSource.Verification.Notation;

namespace OciSource.Verification.Tests.Notation;

/// <summary>Trust policy documents for the tests, parsed by the real parser.</summary>
internal static class TestPolicies
{
    /// <summary>One statement for <paramref name="scope"/> at <paramref name="level"/>.</summary>
    public static TrustPolicyDocument For(string scope, string level, string store = "ca:test", string identity = "*")
    {
        var statement = level == "skip"
            ? (object)new { name = "test", registryScopes = new[] { scope }, signatureVerification = new { level } }
            : new { name = "test", registryScopes = new[] { scope }, signatureVerification = new { level }, trustStores = new[] { store }, trustedIdentities = new[] { identity } };
        var json = JsonSerializer.Serialize(new { version = "1.0", trustPolicies = new[] { statement } });
        return TrustPolicyParser.Parse(Encoding.UTF8.GetBytes(json));
    }
}
