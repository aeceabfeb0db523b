using OciSource.Testing.Processes;

namespace OciSource.Controller.Tests;

/// <summary><see cref="ArtifactServerFlagsTests"/> against the Native AOT build (skipped when <c>OCISOURCE_CONTROLLER_AOT</c> is unset).</summary>
public sealed class AotArtifactServerFlagsTests() : ArtifactServerFlagsTests(ControllerBuild.Aot);
