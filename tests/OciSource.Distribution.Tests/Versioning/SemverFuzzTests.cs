using OciSource.Distribution.Versioning;
using OciSource.Testing;

namespace OciSource.Distribution.Tests.Versioning;

/// <summary>
/// Fuzz-style property tests (reliability target R4): random and grammar-shaped inputs never raise anything but the
/// documented exceptions, and parsed constraints obey the laws of OR, AND and ordering. Input counts come from
/// <see cref="FuzzInputs"/>; every test has a fixed seed.
/// </summary>
public sealed class SemverFuzzTests
{
    private const string Insertions = "0.-+vV x\u00e9";

    [Fact]
    public void Parse_ShapelessText_ThrowsOnlyConstraintException()
    {
        var generator = new ConstraintTextGenerator(new Random(3101));
        var versions = new VersionPool(new Random(3102));
        for (var i = 0; i < FuzzInputs.Count; i++)
        {
            ParseAndCheck(generator.Shapeless(), versions, i);
        }
    }

    [Fact]
    public void Parse_GrammarShapedTextWithFaults_ThrowsOnlyConstraintException()
    {
        var generator = new ConstraintTextGenerator(new Random(3201));
        var versions = new VersionPool(new Random(3202));
        for (var i = 0; i < FuzzInputs.Count; i++)
        {
            ParseAndCheck(generator.Constraint(clean: false), versions, i);
        }
    }

    [Fact]
    public void Parse_CleanGrammarText_ParsesAndObeysOrAndAndLaws()
    {
        var random = new Random(3301);
        var generator = new ConstraintTextGenerator(random);
        var versions = new VersionPool(new Random(3302));
        for (var i = 0; i < FuzzInputs.Count; i++)
        {
            var left = generator.Group(clean: true);
            var right = generator.Group(clean: true);
            var a = Parse(left, i);
            var b = Parse(right, i);
            var or = Parse(left + " || " + right, i);
            var and = Parse(left + ", " + right, i);
            var version = versions.Next();
            var context = $"input #{i}: '{left}' / '{right}' with {version}";

            var inA = a.IsSatisfiedBy(version);
            var inB = b.IsSatisfiedBy(version);

            Assert.True((inA || inB) == or.IsSatisfiedBy(version), context);
            if (version.Prerelease.Length == 0)
            {
                // For releases the AND of two groups is the AND of their checks (prereleases depend on the group).
                Assert.True((inA && inB) == and.IsSatisfiedBy(version), context);
            }
        }
    }

    [Fact]
    public void IsSatisfiedBy_ExactComparisonsOnReleases_AgreeWithPrecedence()
    {
        var random = new Random(3401);
        var versions = new VersionPool(new Random(3402));
        for (var i = 0; i < FuzzInputs.Count; i++)
        {
            var bound = versions.NextRelease();
            var version = versions.NextRelease();
            var order = version.CompareTo(bound);
            var op = new[] { ">", ">=", "<", "<=", "=", "!=" }[random.Next(6)];
            var expected = op switch
            {
                ">" => order > 0,
                ">=" => order >= 0,
                "<" => order < 0,
                "<=" => order <= 0,
                "=" => order == 0,
                _ => order != 0,
            };

            Assert.True(expected == Parse(op + bound.Original, i).IsSatisfiedBy(version), $"input #{i}: {op}{bound} with {version}");
        }
    }

    [Fact]
    public void TryParse_MutatedTags_NeverThrowsAndOrdersAsATotalOrder()
    {
        var random = new Random(3501);
        var generator = new ConstraintTextGenerator(random);
        var parsed = new List<TagVersion>();
        for (var i = 0; i < FuzzInputs.Count; i++)
        {
            var text = Mutate(random, random.Next(3) == 0 ? generator.Shapeless() : generator.TagVersion());
            if (TagVersion.TryParse(text, out var version))
            {
                Assert.Equal(text, version.Original);
                Assert.Equal(0, version.CompareTo(version));
                parsed.Add(version);
            }

            if (TagVersion.TryParseLoose(text, out var loose))
            {
                Assert.Equal(text, loose.Original);
            }
        }

        Assert.True(parsed.Count > FuzzInputs.Count / 10, $"only {parsed.Count} of {FuzzInputs.Count} mutated tags parsed");
        parsed.Sort((x, y) => x.CompareTo(y));
        for (var i = 1; i < parsed.Count; i++)
        {
            Assert.True(parsed[i - 1].CompareTo(parsed[i]) <= 0 && parsed[i].CompareTo(parsed[i - 1]) >= 0, $"{parsed[i - 1]} / {parsed[i]}");
        }
    }

    [Fact]
    public void CreateFilter_RandomExpressions_ThrowsOnlyFilterException()
    {
        const string alphabet = "ab1.-_^$*+?()[]{}|\\:dPpQE,0<=!";
        var random = new Random(3601);
        var generator = new ConstraintTextGenerator(random);
        var compiled = 0;
        for (var i = 0; i < FuzzInputs.Count; i++)
        {
            var pattern = new string([.. Enumerable.Range(0, random.Next(1, 13)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            try
            {
                var filter = TagFilter.Create(pattern);
                if (filter is not null)
                {
                    compiled++;
                    filter.IsMatch(generator.TagVersion());
                }
            }
            catch (SemverFilterException e)
            {
                Assert.True(e.Pattern == pattern, $"input #{i} '{FuzzInputs.Show(pattern)}': {e}");
            }
            catch (Exception e)
            {
                Assert.Fail($"input #{i} '{FuzzInputs.Show(pattern)}' threw {e}");
            }
        }

        Assert.True(compiled > 0);
    }

    [Fact]
    public void SelectHighest_RandomTagLists_ReturnsAHighestSatisfyingTagOrNoMatch()
    {
        var random = new Random(3701);
        var generator = new ConstraintTextGenerator(random);
        for (var i = 0; i < Math.Max(1, FuzzInputs.Count / 10); i++)
        {
            var helm = random.Next(4) == 0;
            var tags = Enumerable.Range(0, random.Next(12))
                .Select(_ => generator.TagVersion())
                .Select(tag => helm ? tag.Replace('+', '_') : tag)
                .Concat(random.Next(3) == 0 ? ["latest", "1.0"] : [])
                .ToList();
            var text = generator.Constraint(clean: true, maxGroups: 2);
            var constraint = Parse(text, i);
            var satisfying = tags
                .Select(tag => TagVersion.TryParse(helm ? tag.Replace('_', '+') : tag, out var v) && constraint.IsSatisfiedBy(v) ? v : null)
                .OfType<TagVersion>()
                .ToList();
            var context = $"input #{i}: '{text}' over [{string.Join(", ", tags)}], helm {helm}";

            if (satisfying.Count == 0)
            {
                Assert.Throws<NoMatchingTagException>(() => SemverTagSelector.SelectHighest(tags, text, null, helm));
                continue;
            }

            var selected = SemverTagSelector.SelectHighest(tags, text, null, helm);
            Assert.Contains(selected, tags);
            Assert.True(TagVersion.TryParse(helm ? selected.Replace('_', '+') : selected, out var chosen), context);
            Assert.True(constraint.IsSatisfiedBy(chosen), context);
            Assert.True(satisfying.All(v => v.CompareTo(chosen) <= 0), context);
        }
    }

    private static void ParseAndCheck(string text, VersionPool versions, int index)
    {
        try
        {
            var constraint = SemverConstraint.Parse(text);
            for (var k = 0; k < 3; k++)
            {
                constraint.IsSatisfiedBy(versions.Next());
            }
        }
        catch (SemverConstraintException e)
        {
            Assert.True(e.Message.StartsWith($"semver '{text}' parse error: ", StringComparison.Ordinal), $"input #{index} '{FuzzInputs.Show(text)}': {e.Message}");
        }
        catch (Exception e)
        {
            Assert.Fail($"input #{index} '{FuzzInputs.Show(text)}' threw {e}");
        }
    }

    private static SemverConstraint Parse(string text, int index)
    {
        try
        {
            return SemverConstraint.Parse(text);
        }
        catch (SemverConstraintException e)
        {
            Assert.Fail($"input #{index}: clean constraint '{text}' did not parse: {e.Message}");
            throw;
        }
    }

    private static string Mutate(Random random, string text)
    {
        if (text.Length == 0 || random.Next(3) == 0)
        {
            return text;
        }

        var position = random.Next(text.Length);
        return random.Next(3) switch
        {
            0 => text.Remove(position, 1),
            1 => text.Insert(position, Insertions[random.Next(Insertions.Length)].ToString()),
            _ => text[..position] + text[position..].Replace('.', '-'),
        };
    }

    /// <summary>Versions to check constraints against: releases, prereleases, and some with metadata.</summary>
    private sealed class VersionPool(Random random)
    {
        private readonly ConstraintTextGenerator _generator = new(random);

        public TagVersion Next() =>
            TagVersion.TryParse(_generator.TagVersion(), out var version) ? version : throw new InvalidOperationException("generator made an invalid tag");

        public TagVersion NextRelease()
        {
            while (true)
            {
                var version = Next();
                if (version.Prerelease.Length == 0)
                {
                    return version;
                }
            }
        }
    }
}
