namespace OciSource.Testing.Processes;

/// <summary>
/// The <c>oci-source-controller</c> executable a process test starts. Both builds stay supported until the Native AOT
/// one is proven (issue 17), so the process tests run against each: the JIT apphost that <c>dotnet build</c> copies next
/// to the test assembly (the test project references the controller project), and the AOT binary whose path
/// <c>OCISOURCE_CONTROLLER_AOT</c> names (eng/test.sh publishes it before the run; by hand:
/// <c>dotnet publish src/OciSource.Controller -c Release -r linux-x64 -o DIR</c>, then
/// <c>OCISOURCE_CONTROLLER_AOT=DIR/oci-source-controller</c>).
/// </summary>
public static class ControllerExecutable
{
    /// <summary>The environment variable naming the Native AOT binary.</summary>
    public const string AotVariable = "OCISOURCE_CONTROLLER_AOT";

    /// <summary>
    /// The path of the <paramref name="build"/> executable. For <see cref="ControllerBuild.Aot"/> the calling test is
    /// skipped (with the reason) when <c>OCISOURCE_CONTROLLER_AOT</c> is unset; a path that names no file fails it.
    /// Call it at the top of the test, before any <c>Assert.Throws</c>, so the skip is not taken for the test's exception.
    /// </summary>
    /// <exception cref="FileNotFoundException"><c>OCISOURCE_CONTROLLER_AOT</c> names no file.</exception>
    public static string For(ControllerBuild build)
    {
        if (build == ControllerBuild.Jit)
        {
            return Path.Combine(AppContext.BaseDirectory, "oci-source-controller");
        }

        var aot = Environment.GetEnvironmentVariable(AotVariable);
        Assert.SkipWhen(
            string.IsNullOrEmpty(aot),
            $"{AotVariable} is unset: no Native AOT controller to run (eng/test.sh publishes one and sets it)");
        var path = Path.GetFullPath(aot!);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{AotVariable} names no file: {path}", path);
    }
}
