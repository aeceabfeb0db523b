using YamlDotNet.RepresentationModel;

namespace OciSource.Chart.Tests;

/// <summary>
/// The rules of a Role or ClusterRole flattened to one <c>group/resource[@name]:verb</c> line per permission (the
/// core group is written <c>core</c>), so two rule lists compare equal exactly when they grant the same.
/// </summary>
public static class RbacPermissions
{
    public static SortedSet<string> Of(Manifest role)
    {
        var permissions = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var rule in role.Sequence("rules"))
        {
            var names = Manifest.Find(rule, "resourceNames") is null ? [null] : Strings(rule, "resourceNames").Select(n => (string?)n).ToList();
            Assert.Null(Manifest.Find(rule, "nonResourceURLs"));
            foreach (var group in Strings(rule, "apiGroups"))
            {
                foreach (var resource in Strings(rule, "resources"))
                {
                    foreach (var name in names)
                    {
                        foreach (var verb in Strings(rule, "verbs"))
                        {
                            permissions.Add($"{(group.Length == 0 ? "core" : group)}/{resource}{(name is null ? string.Empty : "@" + name)}:{verb}");
                        }
                    }
                }
            }
        }

        return permissions;
    }

    private static IEnumerable<string> Strings(YamlNode rule, string key) => Manifest.Sequence(rule, key).Select(n => Manifest.Scalar(n));
}
