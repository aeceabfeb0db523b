using System.Text;
using OciSource.Distribution.Auth;

namespace OciSource.Distribution.Tests.Auth;

public sealed class DockerConfigCredentialsTests
{
    private static string Auth(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Fact]
    public void Find_AuthField_DecodesUsernameAndPassword()
    {
        var store = DockerConfigCredentials.Parse($$$$"""{"auths":{"ghcr.io":{"auth":"{{{{Auth("bot", "p:ss")}}}}"}}}""");

        var credential = store.Find("ghcr.io", "org/app");

        Assert.Equal(("bot", "p:ss"), (credential!.Username, credential.Password));
    }

    [Fact]
    public void Find_UsernamePasswordIdentityAndRegistryTokens_AreRead()
    {
        var store = DockerConfigCredentials.Parse("""
            {"auths":{
              "https://a.example.com":{"username":"u","password":"p"},
              "b.example.com":{"identitytoken":"refresh-me"},
              "c.example.com:5000":{"registrytoken":"bearer-me"}}}
            """);

        Assert.Equal("p", store.Find("a.example.com", "x/y")!.Password);
        Assert.Equal("refresh-me", store.Find("b.example.com", "x/y")!.IdentityToken);
        Assert.Equal("bearer-me", store.Find("c.example.com:5000", "x/y")!.RegistryToken);
        Assert.Null(store.Find("c.example.com", "x/y"));
    }

    [Theory]
    [InlineData("https://index.docker.io/v1/")]
    [InlineData("docker.io")]
    [InlineData("index.docker.io")]
    [InlineData("registry-1.docker.io")]
    public void Find_DockerHubAliases_MatchIndexDockerIo(string key)
    {
        var store = DockerConfigCredentials.Parse($$$$"""{"auths":{"{{{{key}}}}":{"auth":"{{{{Auth("hub", "pw")}}}}"}}}""");

        Assert.Equal("hub", store.Find("index.docker.io", "library/nginx")!.Username);
    }

    [Fact]
    public void Find_PathPrefixesAndWildcards_MostSpecificWins()
    {
        var store = DockerConfigCredentials.Parse($$$$"""
            {"auths":{
              "registry.example.com":{"auth":"{{{{Auth("host", "1")}}}}"},
              "registry.example.com/team-a":{"auth":"{{{{Auth("team", "2")}}}}"},
              "*.corp.example":{"auth":"{{{{Auth("wild", "3")}}}}"}}}
            """);

        Assert.Equal("team", store.Find("registry.example.com", "team-a/app")!.Username);
        Assert.Equal("host", store.Find("registry.example.com", "team-ab/app")!.Username);
        Assert.Equal("wild", store.Find("eu.corp.example", "x/y")!.Username);
        Assert.Null(store.Find("a.eu.corp.example", "x/y"));
        Assert.Null(store.Find("other.example.com", "x/y"));
    }

    [Fact]
    public void Parse_LegacyDockercfg_IsTheAuthsMapAtTopLevel() =>
        Assert.Equal("u", DockerConfigCredentials.Parse($$$$"""{"quay.io":{"auth":"{{{{Auth("u", "p")}}}}","email":"e"}}""").Find("quay.io", "a/b")!.Username);

    [Theory]
    [InlineData("{\"auths\":{\"ghcr.io\":{\"auth\":\"%%%supersecret%%%\"}}}", "'auth' is not valid base64")]
    [InlineData("{\"auths\":{\"ghcr.io\":{\"auth\":\"c3VwZXJzZWNyZXQ=\"}}}", "'auth' must encode 'username:password'")]
    [InlineData("{\"auths\":{\"ghcr.io\":{\"password\":\"supersecret\"", "not valid JSON")]
    [InlineData("[\"supersecret\"]", "must be a JSON object")]
    public void Parse_Malformed_ThrowsFormatExceptionWithoutTheSecret(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => DockerConfigCredentials.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("supersecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credential_ToString_RedactsSecrets()
    {
        var text = RegistryCredential.Create("user", "hunter2", "idtok", "regtok")!.ToString();

        Assert.Contains("user", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("idtok", text, StringComparison.Ordinal);
        Assert.DoesNotContain("regtok", text, StringComparison.Ordinal);
    }
}
