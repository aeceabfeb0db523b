using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OciSource.Verification.Notation;

/// <summary>
/// Matches a signing certificate against a statement's <c>trustedIdentities</c>: <c>*</c> matches every certificate;
/// <c>x509.subject:DN</c> matches when every attribute of DN appears with the same value in the leaf's subject
/// (notation's subset rule; attribute order and extra subject attributes do not matter).
/// </summary>
internal static class TrustedIdentityMatcher
{
    private const string SubjectPrefix = "x509.subject:";

    /// <summary>Whether <paramref name="leaf"/> is one of <paramref name="identities"/>.</summary>
    public static bool Matches(IReadOnlyList<string> identities, X509Certificate2 leaf)
    {
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(leaf);
        var subject = SubjectAttributes(leaf.SubjectName);
        foreach (var identity in identities)
        {
            if (identity == TrustPolicyParser.Wildcard)
            {
                return true;
            }

            if (identity.StartsWith(SubjectPrefix, StringComparison.Ordinal)
                && ParseDistinguishedName(identity[SubjectPrefix.Length..]) is { Count: > 0 } wanted
                && wanted.All(subject.Contains))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The subject's attributes as <c>TYPE=value</c>, with the short names notation uses (ST, not S).</summary>
    private static HashSet<string> SubjectAttributes(X500DistinguishedName subject)
    {
        var attributes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rdn in subject.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                continue;
            }

            var type = rdn.GetSingleElementType().Value switch
            {
                "2.5.4.3" => "CN",
                "2.5.4.6" => "C",
                "2.5.4.7" => "L",
                "2.5.4.8" => "ST",
                "2.5.4.10" => "O",
                "2.5.4.11" => "OU",
                "2.5.4.5" => "SERIALNUMBER",
                "2.5.4.9" => "STREET",
                "2.5.4.17" => "POSTALCODE",
                var oid => oid,
            };
            attributes.Add(type + "=" + rdn.GetSingleElementValue());
        }

        return attributes;
    }

    /// <summary>Splits a DN into <c>TYPE=value</c> attributes (upper-case type, trimmed value); honours backslash escapes.</summary>
    internal static HashSet<string> ParseDistinguishedName(string dn)
    {
        var attributes = new HashSet<string>(StringComparer.Ordinal);
        var current = new StringBuilder();
        for (var i = 0; i <= dn.Length; i++)
        {
            if (i == dn.Length || dn[i] is ',' or '+' or ';')
            {
                var part = current.ToString();
                current.Clear();
                var equals = part.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    attributes.Add(part[..equals].Trim().ToUpperInvariant() + "=" + part[(equals + 1)..].Trim());
                }
            }
            else if (dn[i] == '\\' && i + 1 < dn.Length)
            {
                current.Append(dn[++i]);
            }
            else
            {
                current.Append(dn[i]);
            }
        }

        return attributes;
    }
}
