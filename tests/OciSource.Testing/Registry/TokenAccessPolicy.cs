using System.Text.Json.Nodes;

namespace OciSource.Testing.Registry;

/// <summary>
/// Who gets what: the configured user gets <c>pull</c> and <c>push</c> on every repository and the catalog; an
/// anonymous client gets <c>pull</c> on repositories whose name starts with the public prefix, nothing else.
/// Actions that are not granted are left out of the token (the registry then answers 401 <c>insufficient_scope</c>).
/// </summary>
internal sealed class TokenAccessPolicy(string publicPrefix)
{
    private static readonly string[] UserRepositoryActions = ["pull", "push"];

    /// <summary>The token's <c>access</c> claim for <paramref name="subject"/> (null: anonymous).</summary>
    public JsonArray Grant(string? subject, IEnumerable<TokenScope> scopes)
    {
        var access = new JsonArray();
        foreach (var scope in scopes)
        {
            var granted = scope.Actions.Where(action => IsGranted(subject, scope, action)).Distinct(StringComparer.Ordinal).ToArray();
            if (granted.Length == 0)
            {
                continue;
            }

            access.Add(new JsonObject
            {
                ["type"] = scope.Type,
                ["name"] = scope.Name,
                ["actions"] = new JsonArray([.. granted.Select(a => JsonValue.Create(a))]),
            });
        }

        return access;
    }

    private bool IsGranted(string? subject, TokenScope scope, string action) => (subject, scope.Type) switch
    {
        (not null, "repository") => UserRepositoryActions.Contains(action, StringComparer.Ordinal),
        (not null, "registry") => scope.Name == "catalog" && action == "*",
        (null, "repository") => action == "pull" && scope.Name.StartsWith(publicPrefix, StringComparison.Ordinal),
        _ => false,
    };
}
