using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using OciSource.Distribution.Auth;
using OciSource.Distribution.References;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Client;

/// <summary>
/// Creates <see cref="RegistryClient"/>s and holds what they share for the life of the process: connection pools
/// for default transports, retry pipelines per retry options, and what clients learn — challenges, bearer tokens
/// and which registries answer only plain HTTP. What is learned is shared only between clients of the same
/// transport identity (<see cref="TransportIdentity"/>: insecure, CA roots, client certificate, proxy and its
/// credential) and the same registry credential, so one tenant's proxy or CA can never plant a challenge, token or
/// scheme that another tenant's client follows; scheme decisions expire after
/// <see cref="SchemeFallbackHandler.DecisionLifetime"/>. Clients with a custom transport (CA, client certificate,
/// proxy) get their own pool, released when the client is disposed. Thread-safe.
/// </summary>
public sealed class RegistryClientFactory : IDisposable
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly TokenCache _tokens;
    private readonly ExpiringCache<string> _schemes;
    private readonly ConcurrentDictionary<RetryOptions, ResiliencePipeline<HttpResponseMessage>> _retryPipelines = new();
    private readonly Lazy<SocketsHttpHandler> _sharedVerified = new(() => PrimaryHandlerFactory.Create(new RegistryTransportOptions()));
    private readonly Lazy<SocketsHttpHandler> _sharedInsecure = new(() => PrimaryHandlerFactory.Create(new RegistryTransportOptions { Insecure = true }));

    public RegistryClientFactory(ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _tokens = new TokenCache(_timeProvider);
        _schemes = new ExpiringCache<string>(_timeProvider);
    }

    /// <summary>A client for <paramref name="repository"/>. Dispose it when done; the factory outlives it.</summary>
    public RegistryClient Create(RepositoryReference repository, RegistryClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        options ??= new RegistryClientOptions();
        var transport = options.Transport;
        SocketsHttpHandler? owned = null;
        var primary = transport.IsDefault
            ? (transport.Insecure ? _sharedInsecure.Value : _sharedVerified.Value)
            : owned = PrimaryHandlerFactory.Create(transport);

        var logger = _loggerFactory.CreateLogger<RegistryClient>();
        var allowPlainHttp = transport.Insecure || repository.IsLocal;
        var retry = _retryPipelines.GetOrAdd(options.Retry, static (o, state) => TransientRetryHandler.CreatePipeline(o, state.logger, state.time), (logger, time: _timeProvider));
        var idle = transport.ReadIdleTimeout;
        var tokenInvoker = new HttpMessageInvoker(new TransientRetryHandler(retry)
        {
            InnerHandler = new ReadIdleTimeoutHandler(idle) { InnerHandler = new SharedHandler(primary) },
        });
        var tokenClient = new TokenClient(tokenInvoker, options.UserAgent);
        var identity = TransportIdentity.Of(transport);
        var credential = options.Credentials.Find(repository.Registry, repository.Repository);
        var schemeKey = $"{identity}\n{repository.Registry.ToLowerInvariant()}\n{credential?.Fingerprint ?? "anonymous"}";
        // The scheme fallback sits above authentication, so challenges and tokens are keyed by the scheme really used.
        var pipeline = new TransientRetryHandler(retry)
        {
            InnerHandler = new RedirectHandler
            {
                InnerHandler = new SchemeFallbackHandler(repository.Registry, allowPlainHttp, _schemes, schemeKey)
                {
                    InnerHandler = new AuthenticationHandler(options.Credentials, _tokens, tokenClient, identity)
                    {
                        InnerHandler = new ReadIdleTimeoutHandler(idle) { InnerHandler = new SharedHandler(primary) },
                    },
                },
            },
        };
        return new RegistryClient(repository, pipeline, owned is null ? [tokenInvoker] : [tokenInvoker, owned], options, logger);
    }

    public void Dispose()
    {
        if (_sharedVerified.IsValueCreated)
        {
            _sharedVerified.Value.Dispose();
        }

        if (_sharedInsecure.IsValueCreated)
        {
            _sharedInsecure.Value.Dispose();
        }
    }
}
