namespace OciSource.Distribution.Auth;

/// <summary>
/// Parses <c>WWW-Authenticate</c> header values (RFC 7235 §4.1): a comma-separated list of challenges, each an
/// auth-scheme token followed by either a token68 or a comma-separated list of <c>name=value</c> parameters, where
/// a value is a token or a quoted-string with backslash escapes. Parameter names are case-insensitive; when a name
/// repeats, the first value wins.
/// </summary>
public static class ChallengeParser
{
    /// <exception cref="FormatException">The value does not follow the grammar; this is the only exception thrown.</exception>
    public static IReadOnlyList<AuthenticationChallenge> Parse(string headerValue)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        var reader = new Reader(headerValue);
        var challenges = new List<AuthenticationChallenge>();
        reader.SkipListSeparators();
        while (!reader.AtEnd)
        {
            challenges.Add(ReadChallenge(ref reader));
            reader.SkipListSeparators();
        }

        return challenges;
    }

    /// <summary>Parses every value, skipping values that do not parse.</summary>
    public static IReadOnlyList<AuthenticationChallenge> ParseLenient(IEnumerable<string> headerValues)
    {
        ArgumentNullException.ThrowIfNull(headerValues);
        var challenges = new List<AuthenticationChallenge>();
        foreach (var value in headerValues)
        {
            try
            {
                challenges.AddRange(Parse(value));
            }
            catch (FormatException)
            {
                // A malformed challenge is ignored; if none is usable the caller reports the 401 itself.
            }
        }

        return challenges;
    }

    private static AuthenticationChallenge ReadChallenge(ref Reader reader)
    {
        var scheme = reader.ReadToken() ?? throw reader.Error("expected an auth-scheme");
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (reader.AtEnd || reader.Current == ',')
        {
            return new AuthenticationChallenge(scheme, parameters);
        }

        if (!reader.SkipSpaces())
        {
            throw reader.Error("expected a space after the auth-scheme");
        }

        if (reader.TryReadToken68(out var token68))
        {
            return new AuthenticationChallenge(scheme, parameters, token68);
        }

        while (reader.TryReadParameter(out var name, out var value))
        {
            parameters.TryAdd(name, value);
            reader.SkipSpaces();
            if (!reader.AtEnd && reader.Current != ',')
            {
                throw reader.Error("expected ',' after a parameter");
            }

            var afterParameter = reader.Position;
            reader.SkipListSeparators();
            if (reader.AtEnd || !reader.NextIsParameter())
            {
                reader.Position = reader.AtEnd ? reader.Position : afterParameter;
                break;
            }
        }

        return new AuthenticationChallenge(scheme, parameters);
    }

    private ref struct Reader(string text)
    {
        private readonly string _text = text;

        public int Position { get; set; }

        public readonly bool AtEnd => Position >= _text.Length;

        public readonly char Current => _text[Position];

        public readonly FormatException Error(string what) =>
            new($"invalid WWW-Authenticate header at position {Position}: {what}");

        /// <summary>Skips spaces; true when at least one was skipped.</summary>
        public bool SkipSpaces()
        {
            var start = Position;
            while (!AtEnd && Current is ' ' or '\t')
            {
                Position++;
            }

            return Position > start;
        }

        public void SkipListSeparators()
        {
            while (!AtEnd && Current is ' ' or '\t' or ',')
            {
                Position++;
            }
        }

        public string? ReadToken()
        {
            var start = Position;
            while (!AtEnd && IsTokenChar(Current))
            {
                Position++;
            }

            return Position > start ? _text[start..Position] : null;
        }

        /// <summary>
        /// Reads a token68 (<c>1*(ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/") *"="</c>) when it is the whole
        /// challenge body, i.e. it is not the name of a <c>name=value</c> parameter.
        /// </summary>
        public bool TryReadToken68(out string token68)
        {
            token68 = string.Empty;
            var start = Position;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current is '-' or '.' or '_' or '~' or '+' or '/'))
            {
                Position++;
            }

            if (Position == start)
            {
                return false;
            }

            while (!AtEnd && Current == '=')
            {
                Position++;
            }

            var end = Position;
            SkipSpaces();
            if (AtEnd || Current == ',')
            {
                var candidate = _text[start..end];
                var equals = candidate.IndexOf('=', StringComparison.Ordinal);

                // "name=" followed by the end is a parameter with an empty value only if a value was expected; RFC
                // 7235 resolves it as token68.
                if (equals < 0 || candidate[equals..].All(c => c == '='))
                {
                    token68 = candidate;
                    return true;
                }
            }

            Position = start;
            return false;
        }

        public readonly bool NextIsParameter()
        {
            var probe = this;
            return probe.TryReadParameter(out _, out _);
        }

        public bool TryReadParameter(out string name, out string value)
        {
            value = string.Empty;
            var start = Position;
            name = ReadToken() ?? string.Empty;
            if (name.Length == 0)
            {
                Position = start;
                return false;
            }

            SkipSpaces();
            if (AtEnd || Current != '=')
            {
                Position = start;
                return false;
            }

            Position++;
            SkipSpaces();
            if (!AtEnd && Current == '"')
            {
                value = ReadQuotedString();
                return true;
            }

            value = ReadToken() ?? throw Error($"expected a value for parameter '{name}'");
            return true;
        }

        private string ReadQuotedString()
        {
            Position++;
            var builder = new System.Text.StringBuilder();
            while (!AtEnd)
            {
                var c = Current;
                Position++;
                if (c == '"')
                {
                    return builder.ToString();
                }

                if (c == '\\')
                {
                    if (AtEnd)
                    {
                        break;
                    }

                    c = Current;
                    Position++;
                }

                builder.Append(c);
            }

            throw Error("unterminated quoted-string");
        }

        // RFC 7230 tchar.
        private static bool IsTokenChar(char c) =>
            char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
    }
}
