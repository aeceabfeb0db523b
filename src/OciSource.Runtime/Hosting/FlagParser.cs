namespace OciSource.Runtime.Hosting;

/// <summary>
/// Parses Go pflag-style arguments as Flux's controllers accept them: <c>--name=value</c>, <c>--name value</c>, and a
/// bare <c>--name</c> for boolean flags (meaning true). Every flag is returned, known to the runtime or not, so the
/// executable binds its own flags from the same result.
/// </summary>
public static class FlagParser
{
    /// <exception cref="FlagException">An argument is not a flag, or a non-boolean flag has no value.</exception>
    public static Dictionary<string, string> Parse(IEnumerable<string> args, IReadOnlySet<string> booleanFlags)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (!arg.StartsWith('-') || arg.TrimStart('-').Length == 0)
            {
                throw new FlagException($"unexpected argument \"{arg}\": flags look like --name=value");
            }

            var body = arg.TrimStart('-');
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                flags[body[..equals]] = body[(equals + 1)..];
            }
            else if (booleanFlags.Contains(body))
            {
                flags[body] = "true";
            }
            else if (e.MoveNext())
            {
                flags[body] = e.Current;
            }
            else
            {
                throw new FlagException($"flag needs an argument: --{body}");
            }
        }

        return flags;
    }
}
