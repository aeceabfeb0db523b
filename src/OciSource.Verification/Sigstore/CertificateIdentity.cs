using System.Text.RegularExpressions;

namespace OciSource.Verification.Sigstore;

/// <summary>
/// An accepted signer: the certificate's OIDC issuer and one of its subject alternative names must each fully match
/// the regular expression (anchored; culture-invariant; bounded by a one-second match timeout).
/// </summary>
public sealed class CertificateIdentity
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Creates an identity matcher from two regular expressions.</summary>
    /// <exception cref="ArgumentException">A pattern is not a valid regular expression.</exception>
    public CertificateIdentity(string issuerPattern, string subjectPattern)
    {
        ArgumentNullException.ThrowIfNull(issuerPattern);
        ArgumentNullException.ThrowIfNull(subjectPattern);
        IssuerPattern = issuerPattern;
        SubjectPattern = subjectPattern;
        Issuer = new Regex($"^(?:{issuerPattern})$", RegexOptions.CultureInvariant, MatchTimeout);
        Subject = new Regex($"^(?:{subjectPattern})$", RegexOptions.CultureInvariant, MatchTimeout);
    }

    /// <summary>The issuer pattern as given.</summary>
    public string IssuerPattern { get; }

    /// <summary>The subject (SAN) pattern as given.</summary>
    public string SubjectPattern { get; }

    private Regex Issuer { get; }

    private Regex Subject { get; }

    /// <summary>An identity that accepts exactly <paramref name="issuer"/> and <paramref name="subject"/> (both escaped).</summary>
    public static CertificateIdentity Exact(string issuer, string subject) =>
        new(Regex.Escape(issuer), Regex.Escape(subject));

    internal bool Matches(string issuer, IReadOnlyList<string> subjects) =>
        Issuer.IsMatch(issuer) && subjects.Any(Subject.IsMatch);
}
