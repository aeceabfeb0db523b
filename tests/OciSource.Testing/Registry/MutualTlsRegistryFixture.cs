namespace OciSource.Testing.Registry;

/// <summary>xunit collection fixture: a TLS registry that requires a client certificate from its CA (mutual TLS).</summary>
public sealed class MutualTlsRegistryFixture() : RegistryFixture(RegistryAuth.MutualTls);
