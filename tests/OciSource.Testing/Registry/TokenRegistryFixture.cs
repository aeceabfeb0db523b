namespace OciSource.Testing.Registry;

/// <summary>
/// xunit collection fixture: a plain-HTTP registry with token authentication; <see cref="RegistryServer.TokenServer"/>
/// issues the tokens and records every request.
/// </summary>
public sealed class TokenRegistryFixture() : RegistryFixture(RegistryAuth.Token);
