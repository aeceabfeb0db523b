namespace OciSource.Distribution.Versioning;

/// <summary>
/// A version as written in a constraint, split as Masterminds' <c>cvRegex</c> groups split it.
/// </summary>
/// <param name="Text">The whole version text (with any <c>v</c> prefix and metadata).</param>
/// <param name="Start">Index of the first character in the scanned string.</param>
/// <param name="End">Index after the last character in the scanned string.</param>
/// <param name="Major">The first number (never empty; may be a wildcard or contain <c>|</c>).</param>
/// <param name="Minor">The second number without its dot; empty when absent.</param>
/// <param name="Patch">The third number without its dot; empty when absent.</param>
/// <param name="Prerelease">The prerelease without its dash; empty when absent.</param>
internal readonly record struct VersionToken(string Text, int Start, int End, string Major, string Minor, string Patch, string Prerelease);
