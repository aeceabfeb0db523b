using System.Net;

namespace OciSource.Distribution.Cloud.Tests;

public sealed class CloudHttpTests
{
    [Fact]
    public void Key_TellsProxiesAndCredentialsApart_AndHoldsNoSecret()
    {
        var environment = new CloudHttp();
        var proxy = new CloudHttp { Proxy = new Uri("http://proxy.example:3128"), ProxyCredentials = new NetworkCredential("user", "s3cret-one") };
        var otherPassword = proxy with { ProxyCredentials = new NetworkCredential("user", "s3cret-two") };
        var inUserInfo = new CloudHttp { Proxy = new Uri("http://user:s3cret-one@proxy.example:3128") };

        Assert.Equal("proxy=environment", environment.Key);
        Assert.NotEqual(proxy.Key, otherPassword.Key);
        Assert.Equal(proxy.Key, inUserInfo.Key);
        Assert.DoesNotContain("s3cret", proxy.Key + otherPassword.Key + inUserInfo.Key + inUserInfo.ToString(), StringComparison.Ordinal);
    }
}
