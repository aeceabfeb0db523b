using System.Globalization;
using OciSource.Distribution.Client;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Distribution.Transport;
using OciSource.Testing;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Client;

/// <summary>Tag listing is bounded in bytes over all pages together, and a tag over the OCI limit of 128 characters fails the listing.</summary>
[Collection(RegistryCollection.Name)]
public sealed class TagLimitTests(RegistryFixture fixture) : IAsyncLifetime
{
    private const string Repository = "taglimit/app";
    private readonly string _work = TestEnvironment.CreateWorkDirectory("distribution-taglimit");
    private TamperingFront _front = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await OrasPush.PushAsync(
            fixture.Tools, fixture.Server, _work, Repository, "v1", new Dictionary<string, byte[]> { ["t.txt"] = "tags"u8.ToArray() });
        var tags = Enumerable.Range(0, 200).Select(i => string.Create(CultureInfo.InvariantCulture, $"bytes-limit-{i:D3}")).ToList();
        await fixture.Tools.RunAsync(fixture.Tools.Oras, ["tag", $"{fixture.Server.Host}/{Repository}:v1", .. tags, "--plain-http"], Ct);
        _front = await TamperingFront.StartAsync(fixture.Server, Ct);
    }

    [Fact]
    public async Task Tags_TotalBytesOfAllPagesOverTheLimit_FailWithContentTooLarge()
    {
        // 201 tags of about 20 bytes each in pages of 50: every page is far below 3000 bytes, all of them together are not.
        _front.AddFault(HttpMethod.Get, "/tags/list", Fault.PaginateTags(50), times: int.MaxValue);
        using var factory = new RegistryClientFactory();
        using var client = Client(factory, new RegistryClientOptions { MaxTagListBytes = 3000, Retry = new RetryOptions { MaxRetries = 0 } });

        var error = await Assert.ThrowsAsync<ContentTooLargeException>(() => client.ListTagsAsync(Ct));

        Assert.Contains("3000 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(_front.Requests.Count(r => r.PathAndQuery.Contains("/tags/list", StringComparison.Ordinal)) >= 2);
    }

    [Fact]
    public async Task Tags_WithinTheByteLimit_AreAllListed()
    {
        _front.AddFault(HttpMethod.Get, "/tags/list", Fault.PaginateTags(50), times: int.MaxValue);
        using var factory = new RegistryClientFactory();
        using var client = Client(factory, new RegistryClientOptions { MaxTagListBytes = 64 * 1024 });

        Assert.Equal(201, (await client.ListTagsAsync(Ct)).Count);
    }

    [Fact]
    public async Task Tag_LongerThan128Characters_FailsTheListingWithAClearError()
    {
        _front.AddFault(HttpMethod.Get, "/tags/list", Fault.PaginateTags(100, [new string('x', 129)]), times: int.MaxValue);
        using var factory = new RegistryClientFactory();
        using var client = Client(factory, new RegistryClientOptions());

        var error = await Assert.ThrowsAnyAsync<RegistryException>(() => client.ListTagsAsync(Ct));

        Assert.Contains("129 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("128", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tag_Of128Characters_IsListed()
    {
        var longest = new string('y', 128);
        _front.AddFault(HttpMethod.Get, "/tags/list", Fault.PaginateTags(100, [longest]), times: int.MaxValue);
        using var factory = new RegistryClientFactory();
        using var client = Client(factory, new RegistryClientOptions());

        Assert.Contains(longest, await client.ListTagsAsync(Ct));
    }

    public async ValueTask DisposeAsync()
    {
        await _front.DisposeAsync();
        TestEnvironment.DeleteWorkDirectory(_work);
    }

    private RegistryClient Client(RegistryClientFactory factory, RegistryClientOptions options) =>
        factory.Create(RepositoryReference.Parse($"{_front.Host}/{Repository}"), options);
}
