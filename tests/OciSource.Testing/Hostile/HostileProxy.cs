using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OciSource.Testing.Tls;

namespace OciSource.Testing.Hostile;

/// <summary>
/// The forward proxy a hostile tenant points its own object at (<c>proxySecretRef</c>): it never contacts the
/// registry. A <c>CONNECT</c> is answered 200 and the tunnel is served by the proxy itself, in plain HTTP (so the
/// client's TLS handshake meets non-TLS bytes, as at a plain-HTTP registry) or, with a certificate authority, in TLS
/// under a certificate that authority issued (the tenant's own CA, or any certificate with <c>insecure</c>). Every
/// request for a path ending in <c>/token</c> is an answer at its own token realm (a token, recorded in
/// <see cref="RealmRequests"/>); every other request gets 401 with a Bearer challenge naming <see cref="Realm"/>.
/// </summary>
public sealed class HostileProxy : IAsyncDisposable
{
    private readonly RawListener _listener;
    private readonly X509Certificate2? _certificate;
    private readonly Lock _gate = new();
    private readonly List<RawRequest> _requests = [];
    private readonly List<RawRequest> _realmRequests = [];
    private int _connects;

    private HostileProxy(TestCertificateAuthority? interceptWith, Func<Uri, string>? realm)
    {
        if (interceptWith is not null)
        {
            using var issued = interceptWith.IssueServerCertificate("hostile-proxy");
            _certificate = X509CertificateLoader.LoadPkcs12(issued.Export(X509ContentType.Pkcs12), null);
        }

        _listener = new RawListener(HandleAsync);
        Address = new Uri($"http://127.0.0.1:{_listener.Port}");
        OwnRealm = new Uri(Address, "/token");
        Realm = realm?.Invoke(Address) ?? OwnRealm.ToString();
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c>, the proxy address.</summary>
    public Uri Address { get; }

    /// <summary>The token realm this proxy serves itself, <c>http://127.0.0.1:&lt;port&gt;/token</c>.</summary>
    public Uri OwnRealm { get; }

    /// <summary>The realm its challenges name (<see cref="OwnRealm"/> unless started with another).</summary>
    public string Realm { get; }

    /// <summary>How many CONNECT requests it answered.</summary>
    public int Connects => Volatile.Read(ref _connects);

    /// <summary>Every request it read (CONNECT included), oldest first.</summary>
    public IReadOnlyList<RawRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The requests that reached its token realm, oldest first, each recorded before it is answered.</summary>
    public IReadOnlyList<RawRequest> RealmRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _realmRequests];
            }
        }
    }

    /// <summary>Starts the proxy.</summary>
    /// <param name="interceptWith">Serve CONNECT tunnels in TLS under a certificate of this authority; null: in plain HTTP.</param>
    /// <param name="realm">The realm to name in challenges, from the proxy's address; null: its own <c>/token</c>.</param>
    public static HostileProxy Start(TestCertificateAuthority? interceptWith = null, Func<Uri, string>? realm = null) => new(interceptWith, realm);

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        _certificate?.Dispose();
    }

    private async Task HandleAsync(Socket socket, CancellationToken cancellationToken)
    {
        await using var network = new NetworkStream(socket, ownsSocket: false);
        Stream stream = network;
        var request = await RawHttp.ReadHeadAsync(stream, cancellationToken);
        if (request is null)
        {
            return;
        }

        Record(request);
        if (request.Method == "CONNECT")
        {
            Interlocked.Increment(ref _connects);
            await stream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), cancellationToken);
            if (_certificate is not null)
            {
                var tls = new SslStream(network, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsServerAsync(_certificate);
                stream = tls;
            }

            request = await RawHttp.ReadHeadAsync(stream, cancellationToken);
            if (request is null)
            {
                await RawHttp.WriteResponseAsync(stream, 400, "Bad Request", [], "not an HTTP request"u8.ToArray(), headOnly: false, declaredLength: null, cancellationToken);
                return;
            }

            Record(request);
        }

        await AnswerAsync(stream, request, cancellationToken);
    }

    private async Task AnswerAsync(Stream stream, RawRequest request, CancellationToken cancellationToken)
    {
        var headOnly = request.Method == "HEAD";
        if (request.Path.EndsWith("/token", StringComparison.Ordinal))
        {
            lock (_gate)
            {
                _realmRequests.Add(request);
            }

            await RawHttp.WriteResponseAsync(
                stream, 200, "OK", [new("Content-Type", "application/json")],
                Encoding.UTF8.GetBytes("""{"token":"hostile-token","access_token":"hostile-token","expires_in":300}"""), headOnly, declaredLength: null, cancellationToken);
            return;
        }

        await RawHttp.WriteResponseAsync(
            stream, 401, "Unauthorized",
            [new("WWW-Authenticate", $"Bearer realm=\"{Realm}\",service=\"hostile\""), new("Content-Type", "application/json")],
            Encoding.UTF8.GetBytes("""{"errors":[{"code":"UNAUTHORIZED","message":"hostile"}]}"""), headOnly, declaredLength: null, cancellationToken);
    }

    private void Record(RawRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }
}
