using System.Text.RegularExpressions;

namespace OciSource.Distribution.Cloud.Aws;

/// <summary>
/// The IAM role of object-level workload identity: the ServiceAccount annotation <c>eks.amazonaws.com/role-arn</c>
/// (the one IRSA uses), checked and named as fluxcd/pkg <c>auth/aws</c> does.
/// </summary>
internal static partial class EksRoleAnnotation
{
    public const string Key = "eks.amazonaws.com/role-arn";

    public const string Pattern = @"^arn:aws[\w-]*:iam::[0-9]{1,30}:role/.{1,200}$";

    /// <summary>The role ARN the ServiceAccount names.</summary>
    /// <exception cref="CloudProviderException">Missing or malformed: Flux's message.</exception>
    public static string RoleArn(ServiceAccountInfo account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var arn = account.Annotations.TryGetValue(Key, out var value) ? value : string.Empty;
        if (!RoleArnRegex().IsMatch(arn))
        {
            throw new CloudProviderException($"invalid {Key} annotation: '{arn}'. must match {Pattern}");
        }

        return arn;
    }

    /// <summary>Flux's role session name: <c>&lt;name&gt;.&lt;namespace&gt;.&lt;region&gt;.fluxcd.io</c>.</summary>
    public static string RoleSessionName(ServiceAccountInfo account, string region) =>
        $"{account.Name}.{account.Namespace}.{region}.fluxcd.io";

    // Flux's pattern in .NET terms: ASCII \w as Go has it, and \z where Go's $ ends the text.
    [GeneratedRegex(@"^arn:aws[A-Za-z0-9_-]*:iam::[0-9]{1,30}:role/.{1,200}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RoleArnRegex();
}
