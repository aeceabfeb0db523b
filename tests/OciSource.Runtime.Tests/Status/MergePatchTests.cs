using System.Text.Json.Nodes;
using OciSource.Runtime.Status;

namespace OciSource.Runtime.Tests.Status;

public sealed class MergePatchTests
{
    [Theory]
    [InlineData("{\"a\":1,\"b\":{\"c\":2,\"d\":3}}", "{\"a\":1,\"b\":{\"c\":5,\"d\":3}}", "{\"b\":{\"c\":5}}")]
    [InlineData("{\"a\":1,\"b\":2}", "{\"a\":1}", "{\"b\":null}")]
    [InlineData("{\"a\":[1,2]}", "{\"a\":[1,2,3]}", "{\"a\":[1,2,3]}")]
    [InlineData("{}", "{\"a\":{\"b\":1}}", "{\"a\":{\"b\":1}}")]
    [InlineData("{\"a\":\"x\"}", "{\"a\":{\"b\":1}}", "{\"a\":{\"b\":1}}")]
    public void Create_Differences_ProducesTheMinimalPatch(string before, string after, string expected)
    {
        var patch = MergePatch.Create(JsonNode.Parse(before)!.AsObject(), JsonNode.Parse(after)!.AsObject());

        Assert.Equal(expected, patch?.ToJsonString());
    }

    [Fact]
    public void Create_Equal_ReturnsNull() =>
        Assert.Null(MergePatch.Create(JsonNode.Parse("{\"a\":{\"b\":[1]}}")!.AsObject(), JsonNode.Parse("{\"a\":{\"b\":[1]}}")!.AsObject()));
}
