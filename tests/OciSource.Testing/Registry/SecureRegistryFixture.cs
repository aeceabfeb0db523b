namespace OciSource.Testing.Registry;

/// <summary>xunit collection fixture: a registry behind TLS (private CA) with htpasswd basic authentication.</summary>
public sealed class SecureRegistryFixture() : RegistryFixture(RegistryAuth.HtpasswdTls);
