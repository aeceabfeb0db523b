using OciSource.Distribution.Content;

namespace OciSource.Distribution.Client;

/// <summary>
/// An image manifest reached from a reference: <see cref="Root"/> is what the reference names (an index or the
/// manifest itself; Flux's revision uses its digest), <see cref="Content"/> the manifest chosen for the platform.
/// </summary>
public sealed record ResolvedImage(Descriptor Root, ManifestContent Content, ImageManifest Manifest);
