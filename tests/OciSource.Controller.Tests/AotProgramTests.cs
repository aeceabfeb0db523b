using OciSource.Testing.Processes;

namespace OciSource.Controller.Tests;

/// <summary><see cref="ProgramTests"/> against the Native AOT build (skipped when <c>OCISOURCE_CONTROLLER_AOT</c> is unset).</summary>
public sealed class AotProgramTests() : ProgramTests(ControllerBuild.Aot);
