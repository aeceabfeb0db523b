using System.Net;
using OciSource.Distribution.Auth;
using OciSource.Distribution.Client;
using OciSource.Distribution.References;
using OciSource.Testing;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Cloud.Tests.Azure;

/// <summary>A private repository in the token-auth registry fixture, and pulls from it with a given credential.</summary>
internal static class AzureTestRepository
{
    public const string Repository = "private/azure-app";

    /// <summary>Pushes <c>private/azure-app:v1</c> with the real <c>oras</c> CLI (as the fixture's own user).</summary>
    public static async Task PushAsync(TokenRegistryFixture fixture, CancellationToken cancellationToken)
    {
        var work = TestEnvironment.CreateWorkDirectory("azure-push");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(work, "chart.txt"), "azure", cancellationToken);
            List<string> arguments = ["push", $"{fixture.Server.Host}/{Repository}:v1", "chart.txt:application/vnd.test.layer.v1", .. fixture.Server.OrasConnectionArguments()];
            await fixture.Tools.RunAsync(fixture.Tools.Oras, arguments, cancellationToken, workingDirectory: work);
        }
        finally
        {
            TestEnvironment.DeleteWorkDirectory(work);
        }
    }

    /// <summary>Resolves <c>v1</c> with <paramref name="credential"/> through <c>RegistryClient</c>.</summary>
    public static async Task ResolveAsync(TokenRegistryFixture fixture, NetworkCredential credential, CancellationToken cancellationToken)
    {
        using var factory = new RegistryClientFactory();
        var credentials = new StaticCredentials(fixture.Server.Host, RegistryCredential.FromUsernamePassword(credential.UserName, credential.Password));
        using var client = factory.Create(
            RepositoryReference.Parse($"{fixture.Server.Host}/{Repository}"), new RegistryClientOptions { Credentials = credentials });
        await client.ResolveAsync("v1", cancellationToken);
    }
}
