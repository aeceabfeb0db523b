namespace OciSource.Testing.Processes;

/// <summary>Which build of the <c>oci-source-controller</c> executable a process test runs (<see cref="ControllerExecutable"/>).</summary>
public enum ControllerBuild
{
    /// <summary>The JIT apphost that <c>dotnet build</c> puts next to the test assembly.</summary>
    Jit,

    /// <summary>The Native AOT binary named by <c>OCISOURCE_CONTROLLER_AOT</c> (eng/test.sh publishes it).</summary>
    Aot,
}
