using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using OciSource.Runtime.ApiServer;
using OciSource.Runtime.Informer;
using OciSource.Runtime.Tests.Support;

namespace OciSource.Runtime.Tests.ApiServer;

/// <summary>One line of a watch stream, as the API server writes it, read with a source-generated-style type info.</summary>
public sealed class WatchEventParserTests
{
    private const string Object = """{"apiVersion":"source.toolkit.fluxcd.io/v1","kind":"OCIRepository","metadata":{"name":"app","namespace":"ns","resourceVersion":"42"}}""";

    [Theory]
    [InlineData("ADDED", WatchEventType.Added)]
    [InlineData("MODIFIED", WatchEventType.Modified)]
    [InlineData("DELETED", WatchEventType.Deleted)]
    [InlineData("BOOKMARK", WatchEventType.Bookmark)]
    public void Event_ReadsTypeAndObject(string type, WatchEventType expected)
    {
        var (parsed, obj, error) = Parse($$"""{"type":"{{type}}","object":{{Object}}}""");

        Assert.Equal(expected, parsed);
        Assert.Null(error);
        Assert.Equal(("ns", "app", "42"), (obj!.Metadata.NamespaceProperty, obj.Metadata.Name, obj.Metadata.ResourceVersion));
    }

    [Fact]
    public void ObjectBeforeType_IsReadOnceTheTypeIsKnown()
    {
        var (parsed, obj, _) = Parse($$"""{"object":{{Object}},"extra":[1,{"a":2}],"type":"MODIFIED"}""");

        Assert.Equal(WatchEventType.Modified, parsed);
        Assert.Equal("app", obj!.Metadata.Name);
    }

    [Fact]
    public void ErrorEvent_IsTheServersStatus_NotAnObject()
    {
        var (parsed, obj, error) = Parse("""{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 1 (5)","reason":"Expired","code":410}}""");

        Assert.Equal(WatchEventType.Error, parsed);
        Assert.Null(obj);
        Assert.Equal((int)HttpStatusCode.Gone, error!.Status.Code);
        Assert.Equal("too old resource version: 1 (5)", error.Status.Message);
    }

    [Theory]
    [InlineData("""{"type":"UPSERTED","object":{}}""")]
    [InlineData("""{"type":"ADDED"}""")]
    [InlineData("""{"type":"ADDED","object":null}""")]
    [InlineData("""["ADDED"]""")]
    [InlineData("""{"type":"ADDED","object":{"metadata":""")]
    public void NotAWatchEvent_IsAJsonException(string line) =>
        Assert.ThrowsAny<JsonException>(() => Parse(line));

    private static (WatchEventType, TestOciRepository?, k8s.KubernetesException?) Parse(string line) =>
        WatchEventParser.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line)), TestOciRepository.Json);
}
