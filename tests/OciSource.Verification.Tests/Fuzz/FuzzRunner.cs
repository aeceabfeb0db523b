using OciSource.Testing;

namespace OciSource.Verification.Tests.Fuzz;

/// <summary>
/// Feeds <see cref="FuzzInputs.Count"/> inputs from a fixed seed to a parser and fails on the first exception that is
/// not one the parser documents, showing the input (base64) and its number so it can be reduced to a fixed test.
/// </summary>
internal static class FuzzRunner
{
    /// <summary>Runs <paramref name="check"/> on every input; any exception fails the test.</summary>
    public static void RunWithoutExceptions(int seed, Func<Random, byte[]> input, Action<byte[]> check) =>
        Run<NeverThrownException>(seed, input, check);

    /// <summary>Runs <paramref name="check"/> on every input; exceptions of type <typeparamref name="TAllowed"/> are refusals.</summary>
    /// <returns>How many inputs were refused with <typeparamref name="TAllowed"/>.</returns>
    public static int Run<TAllowed>(int seed, Func<Random, byte[]> input, Action<byte[]> check)
        where TAllowed : Exception
    {
        var random = new Random(seed);
        var refused = 0;
        for (var i = 0; i < FuzzInputs.Count; i++)
        {
            var bytes = input(random);
            try
            {
                check(bytes);
            }
            catch (TAllowed)
            {
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed}, input #{i} ({bytes.Length} bytes) raised {e.GetType().Name}: {e.Message}\ninput (base64): {Convert.ToBase64String(bytes.AsSpan(0, Math.Min(bytes.Length, 64 * 1024)))}\n{e}");
            }
        }

        return refused;
    }

    /// <summary>Stands for "no exception is documented".</summary>
    private sealed class NeverThrownException : Exception;
}
