using System.Text.Json;

namespace OciSource.Verification.Notation;

/// <summary>
/// Parses and validates <c>trustpolicy.json</c> (Notary Project trust policy v1.0) as notation does: version
/// <c>1.0</c>, unique statement names, the wildcard scope alone and in one statement only, no scope in two
/// statements, scopes without tag or digest, a known level, and for every level but <c>skip</c> at least one trust
/// store (<c>ca</c> or <c>signingAuthority</c>) and one trusted identity (<c>*</c> alone, or <c>x509.subject:</c>).
/// </summary>
public static class TrustPolicyParser
{
    /// <summary>The largest document accepted.</summary>
    public const int MaxBytes = 1024 * 1024;

    internal const string Wildcard = "*";

    /// <summary>Parses <paramref name="json"/>; throws <see cref="TrustPolicyException"/> with an actionable message.</summary>
    public static TrustPolicyDocument Parse(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxBytes)
        {
            throw new TrustPolicyException($"the trust policy is larger than {MaxBytes} bytes");
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new TrustPolicyException("the trust policy is not valid JSON: " + e.Message, e);
        }

        try
        {
            return Read(root);
        }
        catch (InvalidOperationException e)
        {
            // JsonElement.GetString on an escape that is not valid Unicode (a lone surrogate).
            throw new TrustPolicyException("the trust policy holds a string that is not valid Unicode", e);
        }
    }

    private static TrustPolicyDocument Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new TrustPolicyException("the trust policy must be a JSON object");
        }

        var version = OptionalString(root, "version");
        if (version != "1.0")
        {
            throw new TrustPolicyException($"trust policy version \"{version}\" is not supported; use \"1.0\"");
        }

        if (!root.TryGetProperty("trustPolicies", out var list) || list.ValueKind != JsonValueKind.Array
            || list.GetArrayLength() == 0)
        {
            throw new TrustPolicyException("the trust policy has no trustPolicies statements");
        }

        var policies = new List<TrustPolicy>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in list.EnumerateArray())
        {
            var policy = ParseStatement(element);
            if (!names.Add(policy.Name))
            {
                throw new TrustPolicyException($"trust policy statement name \"{policy.Name}\" is used more than once");
            }

            foreach (var scope in policy.RegistryScopes)
            {
                if (!scopes.Add(scope))
                {
                    throw new TrustPolicyException($"registry scope \"{scope}\" appears in more than one statement");
                }
            }

            policies.Add(policy);
        }

        return new TrustPolicyDocument(policies);
    }

    private static TrustPolicy ParseStatement(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new TrustPolicyException("every trustPolicies entry must be a JSON object");
        }

        var name = OptionalString(element, "name");
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new TrustPolicyException("a trust policy statement has no name");
        }

        var scopes = StringArray(element, "registryScopes", name);
        if (scopes.Count == 0)
        {
            throw new TrustPolicyException($"trust policy statement \"{name}\" has no registryScopes");
        }

        foreach (var scope in scopes)
        {
            ValidateScope(name, scope, scopes.Count);
        }

        var level = ParseLevel(element, name);
        var stores = StringArray(element, "trustStores", name);
        var identities = StringArray(element, "trustedIdentities", name);
        if (level == VerificationLevel.Skip)
        {
            if (stores.Count > 0 || identities.Count > 0)
            {
                throw new TrustPolicyException(
                    $"trust policy statement \"{name}\" is at level skip and must not name trustStores or trustedIdentities");
            }
        }
        else
        {
            ValidateStores(name, stores);
            ValidateIdentities(name, identities);
        }

        return new TrustPolicy(name, scopes, level, stores, identities);
    }

    private static void ValidateScope(string name, string scope, int count)
    {
        if (scope == Wildcard)
        {
            if (count > 1)
            {
                throw new TrustPolicyException($"trust policy statement \"{name}\": the wildcard scope \"*\" must be the only scope");
            }

            return;
        }

        var slash = scope.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == scope.Length - 1 || scope.Contains('@', StringComparison.Ordinal)
            || scope.AsSpan(scope.LastIndexOf('/') + 1).Contains(':') || scope.Any(char.IsWhiteSpace))
        {
            throw new TrustPolicyException(
                $"trust policy statement \"{name}\": registry scope \"{scope}\" must be registry/repository without tag or digest");
        }
    }

    private static VerificationLevel ParseLevel(JsonElement element, string name)
    {
        if (!element.TryGetProperty("signatureVerification", out var verification)
            || verification.ValueKind != JsonValueKind.Object)
        {
            throw new TrustPolicyException($"trust policy statement \"{name}\" has no signatureVerification");
        }

        if (verification.TryGetProperty("override", out _))
        {
            // Overrides (per-validation actions) are not supported yet; refusing is safer than ignoring them.
            throw new TrustPolicyException($"trust policy statement \"{name}\": signatureVerification.override is not supported yet");
        }

        return OptionalString(verification, "level") switch
        {
            "strict" => VerificationLevel.Strict,
            "permissive" => VerificationLevel.Permissive,
            "audit" => VerificationLevel.Audit,
            "skip" => VerificationLevel.Skip,
            var other => throw new TrustPolicyException(
                $"trust policy statement \"{name}\": level \"{other}\" is not one of strict, permissive, audit, skip"),
        };
    }

    private static void ValidateStores(string name, List<string> stores)
    {
        if (stores.Count == 0)
        {
            throw new TrustPolicyException($"trust policy statement \"{name}\" names no trustStores");
        }

        foreach (var store in stores)
        {
            var colon = store.IndexOf(':', StringComparison.Ordinal);
            var type = colon < 0 ? string.Empty : store[..colon];
            if ((type != "ca" && type != "signingAuthority") || colon == store.Length - 1)
            {
                throw new TrustPolicyException(
                    $"trust policy statement \"{name}\": trust store \"{store}\" must be ca:<name> or signingAuthority:<name>");
            }
        }
    }

    private static void ValidateIdentities(string name, List<string> identities)
    {
        if (identities.Count == 0)
        {
            throw new TrustPolicyException($"trust policy statement \"{name}\" names no trustedIdentities");
        }

        foreach (var identity in identities)
        {
            if (identity == Wildcard)
            {
                if (identities.Count > 1)
                {
                    throw new TrustPolicyException($"trust policy statement \"{name}\": the wildcard identity \"*\" must be the only one");
                }
            }
            else if (!identity.StartsWith("x509.subject:", StringComparison.Ordinal)
                     || identity.Length == "x509.subject:".Length)
            {
                throw new TrustPolicyException(
                    $"trust policy statement \"{name}\": trusted identity \"{identity}\" must be \"*\" or x509.subject:<distinguished name>");
            }
        }
    }

    private static string? OptionalString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static List<string> StringArray(JsonElement element, string property, string name)
    {
        var result = new List<string>();
        if (!element.TryGetProperty(property, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new TrustPolicyException($"trust policy statement \"{name}\": {property} must be an array of strings");
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new TrustPolicyException($"trust policy statement \"{name}\": {property} must be an array of strings");
            }

            result.Add(item.GetString()!);
        }

        return result;
    }
}
