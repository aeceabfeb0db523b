using OciSource.Distribution.References;
using OciSource.Testing;

namespace OciSource.Distribution.Tests.References;

public sealed class RepositoryReferenceTests
{
    [Theory]
    [InlineData("oci://ghcr.io/stefanprodan/manifests/podinfo", "ghcr.io", "stefanprodan/manifests/podinfo")]
    [InlineData("oci://localhost:5000/charts/app", "localhost:5000", "charts/app")]
    [InlineData("oci://127.0.0.1:35000/a/b", "127.0.0.1:35000", "a/b")]
    [InlineData("oci://[::1]:5000/repo", "[::1]:5000", "repo")]
    [InlineData("oci://registry.example.com/x_y-z.w", "registry.example.com", "x_y-z.w")]
    [InlineData("oci://docker.io/nginx", "index.docker.io", "library/nginx")]
    [InlineData("oci://docker.io/bitnami/nginx", "index.docker.io", "bitnami/nginx")]
    [InlineData("oci://index.docker.io/nginx", "index.docker.io", "library/nginx")]
    [InlineData("oci://nginx", "index.docker.io", "library/nginx")]
    [InlineData("oci://myorg/app", "index.docker.io", "myorg/app")]
    [InlineData("oci://localhost/app", "index.docker.io", "localhost/app")]
    public void ParseOciUrl_ValidUrl_SplitsRegistryAndRepositoryAsGoContainerRegistry(string url, string registry, string repository)
    {
        var reference = RepositoryReference.ParseOciUrl(url);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal($"{registry}/{repository}", reference.ToString());
    }

    [Theory]
    [InlineData("oci://ghcr.io/org/app:v1.0.0", "URL must not contain a tag; remove ':v1.0.0'")]
    [InlineData("oci://localhost:5000/app:latest", "URL must not contain a tag; remove ':latest'")]
    [InlineData("oci://ghcr.io/org/app@sha256:abc", "URL must not contain a digest; remove '@sha256:abc'")]
    [InlineData("oci://ghcr.io/Org/App", "repository can only contain the characters `abcdefghijklmnopqrstuvwxyz0123456789_-./`: Org/App")]
    [InlineData("oci://ghcr.io/a", "repository must be between 2 and 255 characters in length: a")]
    [InlineData("oci://", "a repository name must be specified")]
    [InlineData("https://ghcr.io/org/app", "URL must start with 'oci://'")]
    [InlineData("oci://host:port/app", "registries must be valid RFC 3986 URI authorities: host:port")]
    public void ParseOciUrl_InvalidUrl_ThrowsWithFluxMessage(string url, string message)
    {
        var error = Assert.Throws<InvalidReferenceException>(() => RepositoryReference.ParseOciUrl(url));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseOciUrl_UserInformationInUrl_IsRejectedWithoutEchoingThePassword()
    {
        var error = Assert.Throws<InvalidReferenceException>(() => RepositoryReference.ParseOciUrl("oci://user:s3cr3tpass@ghcr.io/org/app"));

        Assert.DoesNotContain("s3cr3tpass", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:5000", true)]
    [InlineData("registry.localhost", true)]
    [InlineData("127.0.0.1:5000", true)]
    [InlineData("[::1]:5000", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.1:5000", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("ghcr.io", false)]
    public void IsLocal_FollowsGoContainerRegistrysPlainHttpRule(string registry, bool local) =>
        Assert.Equal(local, RepositoryReference.Parse(registry + "/org/app").IsLocal);

    [Fact]
    public void Scope_NamesTheRepositoryAndActions() =>
        Assert.Equal("repository:library/nginx:pull", RepositoryReference.Parse("nginx").Scope("pull"));

    [Fact]
    public void Parse_RandomInputs_OnlyEverThrowsInvalidReferenceException()
    {
        var random = new Random(20261124);
        const string alphabet = "abcXYZ019:/@._-[]%?#+ \t\u00e9";
        var accepted = 0;
        for (var i = 0; i < FuzzInputs.Count; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = alphabet[random.Next(alphabet.Length)];
            }

            var input = new string(chars);
            try
            {
                var reference = RepositoryReference.Parse(input);
                accepted++;
                Assert.Equal(reference, RepositoryReference.Parse(reference.ToString()));
            }
            catch (InvalidReferenceException)
            {
            }
        }

        Assert.InRange(accepted, 1, FuzzInputs.Count - 1);
    }
}
