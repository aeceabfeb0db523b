using System.Text;
using System.Text.Json;

namespace OciSource.Distribution.Auth;

/// <summary>
/// Credentials from a Docker <c>config.json</c> / <c>.dockerconfigjson</c> document (<c>{"auths":{…}}</c>) or a
/// legacy <c>.dockercfg</c> (the <c>auths</c> map at top level). Each entry may hold <c>auth</c> (base64
/// <c>user:password</c>, which wins over <c>username</c>/<c>password</c>), <c>identitytoken</c> and
/// <c>registrytoken</c>.
/// Keys match as the kubelet's keyring does (Flux reads pull secrets through it): the scheme is ignored, a
/// <c>/v1/</c> or <c>/v2/</c> path means the whole host, a path is a repository prefix, <c>*</c> globs one DNS label,
/// the port must be equal, and the most specific key wins. Docker Hub's aliases (<c>docker.io</c>,
/// <c>index.docker.io</c>, <c>registry-1.docker.io</c>) are one registry.
/// </summary>
public sealed class DockerConfigCredentials : ICredentialStore
{
    private readonly List<Entry> _entries;

    private DockerConfigCredentials(List<Entry> entries) => _entries = entries;

    /// <summary>Number of usable entries.</summary>
    public int Count => _entries.Count;

    /// <exception cref="FormatException">
    /// Not a JSON object of entries, or an <c>auth</c> field that is not base64 of <c>user:password</c>. The message
    /// names the entry's registry key, never a secret or a fragment of the document.
    /// </exception>
    public static DockerConfigCredentials Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException ex)
        {
            throw new FormatException($"docker config is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("docker config must be a JSON object");
            }

            var auths = document.RootElement.TryGetProperty("auths", out var a) ? a : document.RootElement;
            if (auths.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("docker config 'auths' must be a JSON object");
            }

            var entries = new List<Entry>();
            foreach (var property in auths.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var credential = ReadCredential(property.Name, property.Value);
                if (credential is not null && Entry.TryCreate(property.Name, credential, out var entry))
                {
                    entries.Add(entry);
                }
            }

            entries.Sort((x, y) => string.CompareOrdinal(y.Key, x.Key));
            return new DockerConfigCredentials(entries);
        }
    }

    /// <summary>Reads <c>config.json</c> text; see <see cref="Parse(ReadOnlySpan{byte})"/>.</summary>
    public static DockerConfigCredentials Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    public RegistryCredential? Find(string registry, string repository)
    {
        var host = RegistryHostNames.Canonical(registry);
        foreach (var entry in _entries)
        {
            if (entry.Matches(host, repository))
            {
                return entry.Credential;
            }
        }

        return null;
    }

    private static RegistryCredential? ReadCredential(string key, JsonElement element)
    {
        var username = String(element, "username");
        var password = String(element, "password");
        var auth = String(element, "auth");
        if (!string.IsNullOrEmpty(auth))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException)
            {
                throw new FormatException($"docker config entry '{key}': 'auth' is not valid base64");
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new FormatException($"docker config entry '{key}': 'auth' must encode 'username:password'");
            }

            username = decoded[..colon];
            password = decoded[(colon + 1)..];
        }

        return RegistryCredential.Create(username, password, String(element, "identitytoken"), String(element, "registrytoken"));
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record Entry(string Key, string[] HostLabels, string Port, string PathPrefix, RegistryCredential Credential)
    {
        public static bool TryCreate(string rawKey, RegistryCredential credential, out Entry entry)
        {
            entry = null!;
            var key = rawKey.Trim();
            var withScheme = key.Contains("://", StringComparison.Ordinal) ? key : "https://" + key;

            // '*' is not valid in a URI host: parse with a placeholder label and put it back.
            if (!Uri.TryCreate(withScheme.Replace("*", "wildcard-label", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                return false;
            }

            var host = RegistryHostNames.Canonical(uri.Host.Replace("wildcard-label", "*", StringComparison.Ordinal));
            var path = uri.AbsolutePath;
            if (path.StartsWith("/v1/", StringComparison.Ordinal) || path.StartsWith("/v2/", StringComparison.Ordinal))
            {
                path = path[3..];
            }

            path = path.Trim('/');
            var port = uri.IsDefaultPort ? string.Empty : uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            entry = new Entry(path.Length == 0 ? host : $"{host}/{path}", host.Split('.'), port, path, credential);
            return true;
        }

        public bool Matches(string canonicalRegistry, string repository)
        {
            var colon = canonicalRegistry.LastIndexOf(':');
            var host = colon > canonicalRegistry.LastIndexOf(']') && colon >= 0 ? canonicalRegistry[..colon] : canonicalRegistry;
            var port = host.Length < canonicalRegistry.Length ? canonicalRegistry[(colon + 1)..] : string.Empty;
            if (port != Port)
            {
                return false;
            }

            var labels = host.Split('.');
            if (labels.Length != HostLabels.Length)
            {
                return false;
            }

            for (var i = 0; i < labels.Length; i++)
            {
                if (HostLabels[i] != "*" && !HostLabels[i].Equals(labels[i], StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            return PathPrefix.Length == 0 ||
                repository.Equals(PathPrefix, StringComparison.Ordinal) ||
                repository.StartsWith(PathPrefix + "/", StringComparison.Ordinal);
        }
    }
}
