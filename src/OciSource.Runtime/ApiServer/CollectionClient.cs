using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;
using OciSource.Runtime.Informer;

namespace OciSource.Runtime.ApiServer;

/// <summary>
/// Lists and watches one collection of the API server (<c>/api/v1/secrets</c>, <c>/apis/{group}/{version}/namespaces/{ns}/{plural}</c>, …),
/// reading its objects with a source-generated <see cref="JsonTypeInfo{T}"/>. Every read is bounded: a list page by
/// <paramref name="listPageLimit"/>, a watch event by <paramref name="watchEventLimit"/> (bytes).
/// </summary>
internal sealed class CollectionClient<T>(
    ApiServerTransport transport, JsonTypeInfo<T> typeInfo, int listPageLimit = CollectionClient<T>.ListPageLimit, int watchEventLimit = CollectionClient<T>.WatchEventLimit)
    where T : class
{
    /// <summary>The largest list page read (the API server bounds objects to about 1.5 MiB each; pages to <see cref="InformerOptions.PageSize"/> objects).</summary>
    public const int ListPageLimit = 256 * 1024 * 1024;

    /// <summary>The largest watch event read.</summary>
    public const int WatchEventLimit = 16 * 1024 * 1024;

    /// <summary>One page of the collection.</summary>
    /// <exception cref="k8s.Autorest.HttpOperationException">The API server refused or failed the list.</exception>
    /// <exception cref="InvalidDataException">The page is larger than the list page limit.</exception>
    /// <exception cref="JsonException">The answer is not a list of <typeparamref name="T"/>.</exception>
    public async Task<ObjectList<T>> ListAsync(string collectionPath, InformerOptions options, string? continueToken, CancellationToken cancellationToken)
    {
        var query = new StringBuilder(collectionPath).Append("?limit=").Append(options.PageSize);
        AppendQuery(query, "labelSelector", options.LabelSelector);
        AppendQuery(query, "continue", continueToken);
        using var response = await transport.SendAsync(HttpMethod.Get, query.ToString(), null, cancellationToken);
        using var body = await ResponseBody.ReadAsync(response.Content, listPageLimit, cancellationToken);
        return ReadList(body.Memory.Span);
    }

    /// <summary>
    /// A watch from <paramref name="resourceVersion"/> with bookmarks; ends when the server closes the stream (after about
    /// <paramref name="timeoutSeconds"/>). <c>ERROR</c> events and unreadable lines go to <paramref name="onError"/>
    /// (a <see cref="KubernetesException"/> with the server's status, or the parse error) and the watch goes on.
    /// </summary>
    /// <exception cref="k8s.Autorest.HttpOperationException">The API server refused the watch.</exception>
    /// <exception cref="InvalidDataException">An event is larger than the watch event limit.</exception>
    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string collectionPath, InformerOptions options, string? resourceVersion, int timeoutSeconds, Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = new StringBuilder(collectionPath).Append("?watch=1&allowWatchBookmarks=true&timeoutSeconds=").Append(timeoutSeconds);
        AppendQuery(query, "labelSelector", options.LabelSelector);
        AppendQuery(query, "resourceVersion", resourceVersion);
        using var response = await transport.SendAsync(HttpMethod.Get, query.ToString(), null, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await pipe.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (TryReadLine(ref buffer, out var line))
                {
                    if (line.IsEmpty)
                    {
                        continue;
                    }

                    (WatchEventType Type, T? Object, KubernetesException? Error) parsed;
                    try
                    {
                        parsed = WatchEventParser.Parse(line, typeInfo);
                    }
                    catch (JsonException e)
                    {
                        onError(e);
                        continue;
                    }

                    if (parsed.Error is { } error)
                    {
                        onError(error);
                    }
                    else if (parsed.Object is { } obj)
                    {
                        yield return (parsed.Type, obj);
                    }
                }

                if (buffer.Length > watchEventLimit)
                {
                    throw new InvalidDataException($"a watch event of {typeof(T).Name} is larger than {watchEventLimit} bytes");
                }

                pipe.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await pipe.CompleteAsync();
        }
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }

    private ObjectList<T> ReadList(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"a list of {typeof(T).Name} is not a JSON object");
        }

        var list = new ObjectList<T>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                list.Metadata = JsonSerializer.Deserialize(ref reader, SourceGenerationContext.Default.V1ListMeta) ?? new V1ListMeta();
            }
            else if (reader.ValueTextEquals("items"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        list.Items.Add(JsonSerializer.Deserialize(ref reader, typeInfo) ?? throw new JsonException($"a list of {typeof(T).Name} has a null item"));
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("apiVersion"u8))
            {
                reader.Read();
                list.ApiVersion = reader.GetString() ?? string.Empty;
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                reader.Read();
                list.Kind = reader.GetString() ?? string.Empty;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return list;
    }

    private static void AppendQuery(StringBuilder query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }
}
