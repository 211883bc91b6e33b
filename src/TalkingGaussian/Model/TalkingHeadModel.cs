using System.Text.Json;
using System.Text.Json.Serialization;
using TalkingGaussian.Data;
using TalkingGaussian.Data.Npy;
using TalkingGaussian.Gaussians;
using TalkingGaussian.Media;
using TalkingGaussian.Motion;

namespace TalkingGaussian.Model;

/// <summary>
/// A trained talking head (paper Fig. 2): the face branch (Persistent Gaussian Field + face motion field, Eq. 6) and the
/// inside-mouth branch (Persistent Gaussian Field + mouth motion field, Eq. 7), with what rendering needs to know about the
/// data it was trained on (image size, focal length, audio features). <c>tg train</c> writes it to RUN/model/;
/// <see cref="TalkingHeadRenderer"/> renders it.
/// </summary>
/// <remarks>
/// On disk (RUN/model/): <c>model.json</c> (this metadata), <c>face.ply</c> and <c>mouth.ply</c> (the Gaussians in the native
/// PLY layout: exact raw parameters; <c>tg export</c> converts them for standard viewers), <c>face_motion.npy</c> and
/// <c>mouth_motion.npy</c> (each motion field's flat float32 parameter vector in its <see cref="MotionParameterLayout"/> order).
/// </remarks>
public sealed class TalkingHeadModel
{
    /// <summary>The model.json format name.</summary>
    public const string FormatName = "talkinggaussian-dotnet-model";

    /// <summary>The model.json format version this build writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Assembles a model from trained parts (the arrays are used, not copied).</summary>
    public TalkingHeadModel(ModelInfo info, PersistentGaussianField face, float[] faceMotion, PersistentGaussianField mouth, float[] mouthMotion)
    {
        Info = info;
        FaceField = new FaceMotionField(new FaceMotionSettings { Audio = MotionAudio.For(info.AudioExtractor) });
        MouthField = new MouthMotionField(new MouthMotionSettings { Audio = MotionAudio.For(info.AudioExtractor) });
        if (faceMotion.Length != FaceField.ParameterCount)
            throw new ArgumentException($"The face motion field has {FaceField.ParameterCount} parameters; got {faceMotion.Length}.", nameof(faceMotion));
        if (mouthMotion.Length != MouthField.ParameterCount)
            throw new ArgumentException($"The mouth motion field has {MouthField.ParameterCount} parameters; got {mouthMotion.Length}.", nameof(mouthMotion));
        Face = face;
        FaceMotion = faceMotion;
        Mouth = mouth;
        MouthMotion = mouthMotion;
    }

    /// <summary>What the model was trained on.</summary>
    public ModelInfo Info { get; }

    /// <summary>The face branch's Gaussians.</summary>
    public PersistentGaussianField Face { get; }

    /// <summary>The face motion field's shape.</summary>
    public FaceMotionField FaceField { get; }

    /// <summary>The face motion field's parameters.</summary>
    public float[] FaceMotion { get; }

    /// <summary>The inside-mouth branch's Gaussians.</summary>
    public PersistentGaussianField Mouth { get; }

    /// <summary>The mouth motion field's shape.</summary>
    public MouthMotionField MouthField { get; }

    /// <summary>The mouth motion field's parameters.</summary>
    public float[] MouthMotion { get; }

    /// <summary>Writes the model into <paramref name="folder"/> (each file atomically).</summary>
    public void Save(string folder)
    {
        Directory.CreateDirectory(folder);
        GaussianPly.Save(Face, Path.Combine(folder, "face.ply"));
        GaussianPly.Save(Mouth, Path.Combine(folder, "mouth.ply"));
        NpyWriter.Write(Path.Combine(folder, "face_motion.npy"), NpyArray.FromFloat32(FaceMotion, FaceMotion.Length));
        NpyWriter.Write(Path.Combine(folder, "mouth_motion.npy"), NpyArray.FromFloat32(MouthMotion, MouthMotion.Length));
        AtomicFile.WriteAllText(Path.Combine(folder, "model.json"), JsonSerializer.Serialize(Info with { Format = FormatName, Version = FormatVersion }, Json));
    }

    /// <summary>Reads a model folder (RUN/model, or a run folder, whose model/ is used).</summary>
    /// <exception cref="InvalidDataException">A file is missing or does not fit the others; the message names it and the fix.</exception>
    public static TalkingHeadModel Load(string folder)
    {
        if (File.Exists(Path.Combine(folder, "model", "model.json"))) folder = Path.Combine(folder, "model");
        string json = Path.Combine(folder, "model.json");
        if (!File.Exists(json))
            throw new InvalidDataException($"{json}: not found. Give a run folder that 'tg train' finished (it writes RUN/model/), or the model folder itself.");
        ModelInfo info;
        try { info = JsonSerializer.Deserialize<ModelInfo>(File.ReadAllText(json), Json) ?? throw new JsonException("null"); }
        catch (JsonException e) { throw new InvalidDataException($"{json}: not a model description ({e.Message})."); }
        if (info.Format != FormatName || info.Version != FormatVersion)
            throw new InvalidDataException($"{json}: format '{info.Format}' version {info.Version}; this build reads '{FormatName}' version {FormatVersion}.");
        var face = GaussianPly.Load(Require(folder, "face.ply"));
        var mouth = GaussianPly.Load(Require(folder, "mouth.ply"));
        var faceMotion = NpyReader.Read(Require(folder, "face_motion.npy")).ToFloat32();
        var mouthMotion = NpyReader.Read(Require(folder, "mouth_motion.npy")).ToFloat32();
        try { return new TalkingHeadModel(info, face, faceMotion, mouth, mouthMotion); }
        catch (ArgumentException e) { throw new InvalidDataException($"{folder}: {e.Message} The motion files do not fit model.json's audio extractor {info.AudioExtractor}."); }
    }

    private static string Require(string folder, string name)
    {
        string path = Path.Combine(folder, name);
        return File.Exists(path) ? path : throw new InvalidDataException($"{path}: missing from the model folder; the run that wrote it did not finish.");
    }

    internal static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}

/// <summary>What a model needs to know about the data it was trained on.</summary>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
/// <param name="FocalLength">focal_len of the dataset (pixels).</param>
/// <param name="AudioExtractor">Which audio features drive it (they fix the audio network's input shape).</param>
/// <param name="Dataset">The dataset folder it was trained on (absolute path when written).</param>
public sealed record ModelInfo(int Width, int Height, double FocalLength, AudioExtractor AudioExtractor, string Dataset)
{
    /// <summary>Format name (written by <see cref="TalkingHeadModel.Save"/>).</summary>
    public string Format { get; init; } = TalkingHeadModel.FormatName;

    /// <summary>Format version.</summary>
    public int Version { get; init; } = TalkingHeadModel.FormatVersion;
}
