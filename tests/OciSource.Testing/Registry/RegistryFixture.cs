namespace OciSource.Testing.Registry;

/// <summary>xunit collection fixture: an anonymous, plain-HTTP registry and the tools to fill it.</summary>
public class RegistryFixture : IAsyncLifetime
{
    private readonly RegistryAuth _auth;
    private RegistryServer? _server;

    public RegistryFixture()
        : this(RegistryAuth.Anonymous)
    {
    }

    protected RegistryFixture(RegistryAuth auth) => _auth = auth;

    public Tools Tools { get; } = new();

    public RegistryServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async ValueTask InitializeAsync() =>
        _server = await RegistryServer.StartAsync(Tools, _auth, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Tools.Dispose();
        GC.SuppressFinalize(this);
    }
}
