using OciSource.Distribution.Auth;
using OciSource.Distribution.Errors;

namespace OciSource.Distribution.Tests.Auth;

/// <summary>Which Bearer realms a registry may send the client to (the rules of go-containerregistry's validateRealmURL this project keeps).</summary>
public sealed class TokenRealmTests
{
    [Theory]
    [InlineData("https://auth.example/token", "https://registry.example/v2/")]
    [InlineData("https://127.0.0.1:5001/token", "https://127.0.0.1:5000/v2/")]
    [InlineData("http://127.0.0.1:5001/token", "http://127.0.0.1:5000/v2/")]
    [InlineData("https://169.253.255.255/token", "https://registry.example/v2/")]
    [InlineData("https://169.255.0.1/token", "https://registry.example/v2/")]
    [InlineData("https://[fec0::1]/token", "https://registry.example/v2/")]
    public void AllowedRealm_IsReturned(string realm, string registry) =>
        Assert.Equal(new Uri(realm), TokenRealm.Validate(Challenge(realm), new Uri(registry)));

    [Theory]
    [InlineData("http://auth.example/token", "https://registry.example/v2/", "plain-http token realm")]
    [InlineData("https://169.254.169.254/latest/meta-data", "https://registry.example/v2/", "link-local")]
    [InlineData("https://[fe80::1%25eth0]/token", "https://registry.example/v2/", "link-local")]
    [InlineData("https://[::ffff:a9fe:a9fe]/token", "https://registry.example/v2/", "link-local")]
    [InlineData("https://[fd00:ec2::254]/token", "https://registry.example/v2/", "metadata")]
    [InlineData("https://[::]/token", "https://registry.example/v2/", "unspecified")]
    [InlineData("https://224.0.0.251/token", "https://registry.example/v2/", "link-local")]
    [InlineData("ftp://auth.example/token", "https://registry.example/v2/", "without a usable realm")]
    [InlineData("/token", "https://registry.example/v2/", "without a usable realm")]
    public void ForbiddenRealm_IsRefusedWithAClearMessage(string realm, string registry, string expected)
    {
        var error = Assert.Throws<RegistryUnauthorizedException>(() => TokenRealm.Validate(Challenge(realm), new Uri(registry)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusedRealm_MessageShowsNeitherUserInfoNorQuery()
    {
        var error = Assert.Throws<RegistryUnauthorizedException>(
            () => TokenRealm.Validate(Challenge("http://user:hunter2@auth.example/token?secret=abc"), new Uri("https://registry.example/v2/")));

        Assert.Contains("http://auth.example/token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret=abc", error.Message, StringComparison.Ordinal);
    }

    private static AuthenticationChallenge Challenge(string realm) =>
        new("Bearer", new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["realm"] = realm });
}
