using System.Security.Cryptography.X509Certificates;

namespace OciSource.Testing.Signing;

/// <summary>
/// The real notation 1.3 CLI with a scratch configuration directory (<c>XDG_CONFIG_HOME</c>), so keys, trust stores
/// and signing keys never touch a real home.
/// </summary>
public sealed class NotationHome(Tools tools, string directory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary><c>notation cert generate-test --default name</c>: an RSA key and a self-signed certificate.</summary>
    public async Task<X509Certificate2> GenerateAsync(string name)
    {
        await RunAsync(["cert", "generate-test", "--default", name]);
        return X509CertificateLoader.LoadCertificateFromFile(CertificatePath(name));
    }

    public string CertificatePath(string name) => Path.Combine(directory, "notation", "localkeys", name + ".crt");

    public string KeyPath(string name) => Path.Combine(directory, "notation", "localkeys", name + ".key");

    /// <summary><c>notation sign --insecure-registry</c> with the default key.</summary>
    public Task<OciSource.Testing.Processes.ToolResult> SignAsync(string reference, params string[] options) =>
        RunAsync(["sign", "--insecure-registry", .. options, reference]);

    private Task<OciSource.Testing.Processes.ToolResult> RunAsync(IEnumerable<string> arguments) =>
        tools.RunAsync(
            "/usr/bin/env",
            [$"XDG_CONFIG_HOME={directory}", $"NOTATION_CONFIG={Path.Combine(directory, "notation")}", tools.Notation, .. arguments],
            Ct);
}
