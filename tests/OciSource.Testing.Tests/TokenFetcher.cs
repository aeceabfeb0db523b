using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OciSource.Testing.Registry;

namespace OciSource.Testing.Tests;

/// <summary>Fetches registry tokens from a <see cref="TokenServer"/> the way the Docker token protocol's GET does.</summary>
public static class TokenFetcher
{
    /// <summary>A token for <paramref name="scope"/>, anonymous when <paramref name="credential"/> is null.</summary>
    public static async Task<string> GetAsync(HttpClient http, TokenServer tokens, string scope, NetworkCredential? credential, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(tokens.Realm, $"?service={tokens.Service}&scope={Uri.EscapeDataString(scope)}"));
        if (credential is not null)
        {
            request.Headers.Authorization = Basic(credential);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        Assert.Equal(body["token"]!.GetValue<string>(), body["access_token"]!.GetValue<string>());
        return body["token"]!.GetValue<string>();
    }

    public static AuthenticationHeaderValue Basic(NetworkCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.UserName}:{credential.Password}")));
}
