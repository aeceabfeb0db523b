using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OciSource.Testing.Tls;

namespace OciSource.Testing.Hostile;

/// <summary>
/// A front on one port of 127.0.0.1 that speaks TLS and plain HTTP alike (it looks at the first byte of each
/// connection), before a plain-HTTP registry. Over TLS (certificate from <see cref="Authority"/>) it demands Basic
/// authentication with <see cref="Credential"/> and answers blob requests with 307 to the same URL in <c>http</c>
/// — same host, same port: a downgrade on the same authority. Over plain HTTP it forwards to the registry, first
/// demanding the same Basic authentication when started with <c>challengeOverPlainHttp</c>. Every request is recorded
/// in <see cref="Requests"/> before it is answered; <see cref="TlsHandshakes"/> counts TLS handshakes begun.
/// </summary>
public sealed class DualProtocolFront : IAsyncDisposable
{
    private const int MaxForwardedBody = 16 * 1024 * 1024;
    private readonly Uri _upstream;
    private readonly bool _challengeOverPlainHttp;
    private readonly X509Certificate2 _certificate;
    private readonly HttpClient _upstreamClient = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly RawListener _listener;
    private readonly Lock _gate = new();
    private readonly List<DualRequest> _requests = [];
    private int _tlsHandshakes;

    private DualProtocolFront(Uri upstream, bool challengeOverPlainHttp)
    {
        _upstream = upstream;
        _challengeOverPlainHttp = challengeOverPlainHttp;
        Authority = TestCertificateAuthority.Create("ocisource-dual-front-ca");
        using var issued = Authority.IssueServerCertificate("ocisource-dual-front");
        _certificate = X509CertificateLoader.LoadPkcs12(issued.Export(X509ContentType.Pkcs12), null);
        _listener = new RawListener(HandleAsync);
    }

    /// <summary><c>127.0.0.1:&lt;port&gt;</c>, the registry part of a reference through the front.</summary>
    public string Host => $"127.0.0.1:{_listener.Port}";

    /// <summary>The CA that issued the front's TLS certificate; trust it to reach the front over TLS.</summary>
    public TestCertificateAuthority Authority { get; }

    /// <summary>The Basic credential the front demands.</summary>
    public NetworkCredential Credential { get; } = new("dual-user", Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)));

    public int TlsHandshakes => Volatile.Read(ref _tlsHandshakes);

    /// <summary>A snapshot of the requests answered, oldest first.</summary>
    public IReadOnlyList<DualRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a front before the plain-HTTP registry at <paramref name="upstream"/>.</summary>
    public static DualProtocolFront Start(Uri upstream, bool challengeOverPlainHttp = false) => new(upstream, challengeOverPlainHttp);

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        _upstreamClient.Dispose();
        _certificate.Dispose();
        Authority.Dispose();
    }

    private async Task HandleAsync(Socket socket, CancellationToken cancellationToken)
    {
        var first = new byte[1];
        if (await socket.ReceiveAsync(first, SocketFlags.Peek, cancellationToken) == 0)
        {
            return;
        }

        await using var network = new NetworkStream(socket, ownsSocket: false);
        var overTls = first[0] == 0x16;
        Stream stream = network;
        if (overTls)
        {
            Interlocked.Increment(ref _tlsHandshakes);
            var tls = new SslStream(network, leaveInnerStreamOpen: false);
            await tls.AuthenticateAsServerAsync(_certificate);
            stream = tls;
        }

        await using (stream)
        {
            if (await RawHttp.ReadHeadAsync(stream, cancellationToken) is { } request)
            {
                await AnswerAsync(stream, overTls, request, cancellationToken);
            }
        }
    }

    private async Task AnswerAsync(Stream stream, bool overTls, RawRequest request, CancellationToken cancellationToken)
    {
        var headOnly = request.Method == "HEAD";
        if ((overTls || _challengeOverPlainHttp) && !Authorized(request))
        {
            Record(overTls, request, 401);
            await RawHttp.WriteResponseAsync(
                stream, 401, "Unauthorized", [new("WWW-Authenticate", "Basic realm=\"dual-front\"")], [], headOnly, declaredLength: null, cancellationToken);
            return;
        }

        if (overTls && request.Path.Contains("/blobs/", StringComparison.Ordinal))
        {
            Record(overTls, request, 307);
            await RawHttp.WriteResponseAsync(
                stream, 307, "Temporary Redirect", [new("Location", $"http://{Host}{request.PathAndQuery}")], [], headOnly, declaredLength: null, cancellationToken);
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstream, request.PathAndQuery));
        if (request.Headers.TryGetValue("Accept", out var accept))
        {
            forward.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await _upstreamClient.SendAsync(forward, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var bytes = await BoundedReader.ReadAllAsync(body, MaxForwardedBody, cancellationToken);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in new[] { "Content-Type", "Docker-Content-Digest" })
        {
            if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
            {
                headers.Add(new(name, string.Join(", ", values)));
            }
        }

        Record(overTls, request, (int)response.StatusCode);
        // A HEAD answer declares the length of the body a GET would send.
        await RawHttp.WriteResponseAsync(
            stream, (int)response.StatusCode, response.ReasonPhrase ?? "OK", headers, bytes, headOnly,
            headOnly ? response.Content.Headers.ContentLength : null, cancellationToken);
    }

    private bool Authorized(RawRequest request) =>
        request.Authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Credential.UserName}:{Credential.Password}"));

    private void Record(bool overTls, RawRequest request, int status)
    {
        lock (_gate)
        {
            _requests.Add(new DualRequest(overTls, request, status));
        }
    }
}
