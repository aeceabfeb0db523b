using System.Globalization;
using System.Net;

namespace OciSource.Testing.Registry;

/// <summary>
/// One misbehaviour of the <see cref="TamperingFront"/>. <see cref="Respond"/> and <see cref="RedirectToOtherHost"/>
/// answer without forwarding; <see cref="IgnoreRange"/> acts on requests that carry <c>Range</c>; the body faults
/// (<see cref="FlipByte"/>, <see cref="ResetAfter"/>, <see cref="MisstateLength"/>, <see cref="AppendBytes"/>,
/// <see cref="Stall"/>, <see cref="ReplaceBody"/>) act on 2xx answers to non-HEAD requests, counting offsets in the body as sent (for a 206,
/// from the start of the partial body). <see cref="PaginateTags"/> is no failure: it adds the tag-list paging the
/// registry lacks.
/// </summary>
public sealed class Fault
{
    private Fault(FaultKind kind) => Kind = kind;

    public FaultKind Kind { get; }

    /// <summary>The status <see cref="Respond"/> answers.</summary>
    public HttpStatusCode Status { get; private init; }

    /// <summary>The <c>Retry-After</c> value <see cref="Respond"/> sends, as written (seconds or an HTTP date); null: none.</summary>
    public string? RetryAfter { get; private init; }

    /// <summary>The body offset: the byte flipped, or the bytes sent before a reset or a stall.</summary>
    public long Offset { get; private init; }

    /// <summary>Bytes added to the real length: the <c>Content-Length</c> lie, or the bytes appended.</summary>
    public long LengthDelta { get; private init; }

    /// <summary>The bytes <see cref="ReplaceBody"/> sends in place of the real body (then zeros up to its length).</summary>
    public ReadOnlyMemory<byte> Replacement { get; private init; }

    /// <summary>How long <see cref="Stall"/> stops sending.</summary>
    public TimeSpan Duration { get; private init; }

    /// <summary>For <see cref="StallUntil"/>: sending resumes when this task completes.</summary>
    public Task? Release { get; private init; }

    /// <summary>The most tags one page of <see cref="PaginateTags"/> holds.</summary>
    public int PageSize { get; private init; }

    /// <summary>Tags <see cref="PaginateTags"/> lists besides the registry's own (which refuses to store some, e.g. over 128 characters).</summary>
    public IReadOnlyList<string> ExtraTags { get; private init; } = [];

    internal bool ActsOnBody => Kind is FaultKind.FlipByte or FaultKind.ResetAfter or FaultKind.MisstateLength or FaultKind.AppendBytes or FaultKind.Stall or FaultKind.ReplaceBody;

    internal bool NeedsContentLength => Kind is FaultKind.MisstateLength or FaultKind.AppendBytes or FaultKind.ReplaceBody;

    /// <summary>Answers <paramref name="status"/> (e.g. 408, 429, 500, 502, 503, 504) with a distribution-style JSON error, without forwarding.</summary>
    public static Fault Respond(HttpStatusCode status, string? retryAfter = null) =>
        new(FaultKind.Respond) { Status = status, RetryAfter = retryAfter };

    /// <summary>Inverts every bit of the body byte at <paramref name="offset"/>; length and headers unchanged.</summary>
    public static Fault FlipByte(long offset) => new(FaultKind.FlipByte) { Offset = NotNegative(offset) };

    /// <summary>
    /// Sends the first <paramref name="bytes"/> bytes of the body, then aborts the connection (a TCP reset: the client
    /// reads at most that many bytes, possibly fewer, then gets "connection reset"). A body no longer than that passes whole.
    /// </summary>
    public static Fault ResetAfter(long bytes) => new(FaultKind.ResetAfter) { Offset = NotNegative(bytes) };

    /// <summary>
    /// Declares <c>Content-Length</c> = real length + <paramref name="delta"/>. Positive: the real body is sent and the
    /// connection closes short of the declared length (the client sees a premature end). Negative: the body is cut to
    /// the declared length and the response ends cleanly. Needs an upstream <c>Content-Length</c>.
    /// </summary>
    public static Fault MisstateLength(long delta) =>
        delta == 0 ? throw new ArgumentOutOfRangeException(nameof(delta), "a lie needs a non-zero delta") : new(FaultKind.MisstateLength) { LengthDelta = delta };

    /// <summary>Sends <paramref name="count"/> extra zero bytes after the body, with a matching <c>Content-Length</c>. Needs an upstream <c>Content-Length</c>.</summary>
    public static Fault AppendBytes(int count) =>
        count <= 0 ? throw new ArgumentOutOfRangeException(nameof(count), "append at least one byte") : new(FaultKind.AppendBytes) { LengthDelta = count };

    /// <summary>
    /// Sends <paramref name="content"/> in place of the body, padded with zero bytes to the real length, which
    /// <c>Content-Length</c> keeps declaring (another valid file of exactly the size the client expects, as a
    /// compromised registry, CDN or redirect target could serve). Needs an upstream <c>Content-Length</c> of at least
    /// <paramref name="content"/>'s length; a shorter body is sent as its first bytes only.
    /// </summary>
    public static Fault ReplaceBody(byte[] content) =>
        content is not { Length: > 0 } ? throw new ArgumentOutOfRangeException(nameof(content), "replace with at least one byte") : new(FaultKind.ReplaceBody) { Replacement = content.ToArray() };

    /// <summary>Strips <c>Range</c> and <c>If-Range</c> from the request and <c>Accept-Ranges</c> from the answer, so the registry sends the whole body with 200.</summary>
    public static Fault IgnoreRange() => new(FaultKind.IgnoreRange);

    /// <summary>Sends the first <paramref name="afterBytes"/> bytes, then nothing for <paramref name="duration"/> (cut short when the client aborts), then the rest.</summary>
    public static Fault Stall(long afterBytes, TimeSpan duration) =>
        new(FaultKind.Stall) { Offset = NotNegative(afterBytes), Duration = duration };

    /// <summary>
    /// Sends the first <paramref name="afterBytes"/> bytes, then nothing until <paramref name="release"/> completes (cut
    /// short when the client aborts), then the rest: a stall the test ends on its own signal, not after a time.
    /// </summary>
    public static Fault StallUntil(long afterBytes, Task release) =>
        new(FaultKind.Stall) { Offset = NotNegative(afterBytes), Duration = Timeout.InfiniteTimeSpan, Release = release };

    /// <summary>
    /// Answers 307 with a <c>Location</c> on <see cref="TamperingFront.RedirectTargetHost"/> (<c>localhost</c>, another
    /// port), which serves the same request from the upstream registry.
    /// </summary>
    public static Fault RedirectToOtherHost() => new(FaultKind.Redirect);

    /// <summary>
    /// Not a failure: pages <c>GET /v2/&lt;name&gt;/tags/list</c> as the OCI distribution spec says (tags in lexical
    /// order after <c>last</c>, at most <c>n</c> and at most <paramref name="pageSize"/> per page, a
    /// <c>Link: &lt;…?n=…&amp;last=…&gt;; rel="next"</c> header while more remain), which distribution 2.8.2 does not
    /// do (it ignores <c>n</c> and <c>last</c> there and always sends every tag). The page is cut from the registry's
    /// real list, fetched with the client's <c>Authorization</c>; a non-2xx answer passes through unchanged.
    /// Usually armed with <c>times: int.MaxValue</c>. <paramref name="extraTags"/> are listed as if the registry held them.
    /// </summary>
    public static Fault PaginateTags(int pageSize, IReadOnlyList<string>? extraTags = null) =>
        pageSize <= 0
            ? throw new ArgumentOutOfRangeException(nameof(pageSize), "a page holds at least one tag")
            : new(FaultKind.PaginateTags) { PageSize = pageSize, ExtraTags = extraTags ?? [] };

    public override string ToString() => Kind switch
    {
        FaultKind.Respond => string.Create(CultureInfo.InvariantCulture, $"respond {(int)Status}{(RetryAfter is null ? string.Empty : $" Retry-After {RetryAfter}")}"),
        FaultKind.FlipByte => string.Create(CultureInfo.InvariantCulture, $"flip byte {Offset}"),
        FaultKind.ResetAfter => string.Create(CultureInfo.InvariantCulture, $"reset after {Offset} bytes"),
        FaultKind.MisstateLength => string.Create(CultureInfo.InvariantCulture, $"Content-Length {LengthDelta:+#;-#}"),
        FaultKind.AppendBytes => string.Create(CultureInfo.InvariantCulture, $"append {LengthDelta} bytes"),
        FaultKind.Stall when Release is not null => string.Create(CultureInfo.InvariantCulture, $"stall until released after {Offset} bytes"),
        FaultKind.Stall => string.Create(CultureInfo.InvariantCulture, $"stall {Duration.TotalMilliseconds} ms after {Offset} bytes"),
        FaultKind.PaginateTags => string.Create(CultureInfo.InvariantCulture, $"paginate tags by {PageSize}"),
        FaultKind.ReplaceBody => string.Create(CultureInfo.InvariantCulture, $"replace the body with {Replacement.Length} bytes and zero padding"),
        _ => Kind.ToString(),
    };

    private static long NotNegative(long value) => value < 0 ? throw new ArgumentOutOfRangeException(nameof(value), "must not be negative") : value;
}
