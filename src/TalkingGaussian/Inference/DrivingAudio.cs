using TalkingGaussian.Data;
using TalkingGaussian.Data.Audio;

namespace TalkingGaussian.Inference;

/// <summary>
/// The audio that drives a rendered video: per output frame an 8-row window of audio features (original-code.md §2.4),
/// and the sound to mux into the video, if any. From a WAV (features by the project's own extractor, as <c>tg synth</c>
/// and <c>tg prepare</c> write aud_ds.npy), from a feature array (<c>--features NPY</c>: DeepSpeech, wav2vec or HuBERT
/// arrays in the dataset's [N, T, C] layout), or from a split of the dataset (self-reconstruction: each frame's own
/// window, by img_id, and the matching stretch of aud.wav).
/// </summary>
public sealed class DrivingAudio
{
    private readonly int[]? _rows;

    private DrivingAudio(string description, AudioFeatureArray features, int[]? rows, string? soundPath, double soundStart)
    {
        Description = description;
        Features = features;
        _rows = rows;
        Frames = rows?.Length ?? features.Rows;
        SoundPath = soundPath;
        SoundStartSeconds = soundStart;
    }

    /// <summary>Where the audio came from, for messages.</summary>
    public string Description { get; }

    /// <summary>The feature array [N, C, T].</summary>
    public AudioFeatureArray Features { get; }

    /// <summary>Output frames (25 per second).</summary>
    public int Frames { get; }

    /// <summary>The WAV to mux into the video; null for a silent one.</summary>
    public string? SoundPath { get; }

    /// <summary>Where in <see cref="SoundPath"/> frame 0's sound starts, in seconds.</summary>
    public double SoundStartSeconds { get; }

    /// <summary>The dataset frame (img_id) each output frame reconstructs, when driven by a split; else null.</summary>
    public IReadOnlyList<int>? ImgIds => _rows;

    /// <summary>Writes the window [8, C, T] of output frame <paramref name="k"/> into <paramref name="window"/>.</summary>
    public void Window(int k, Span<float> window)
    {
        if ((uint)k >= (uint)Frames) throw new ArgumentOutOfRangeException(nameof(k), $"Frame {k} is outside 0–{Frames - 1}.");
        Features.Window(_rows?[k] ?? k, window);
    }

    /// <summary>
    /// Speech from <paramref name="wavPath"/>: log-mel features in the DeepSpeech layout by the built-in extractor
    /// (<see cref="SpeechFeatureWindows"/>), one window per 40 ms; the WAV itself is the sound.
    /// </summary>
    /// <exception cref="InvalidDataException">The WAV cannot be read, is too short, or the model reads another kind of feature.</exception>
    public static DrivingAudio FromWav(string wavPath, AudioExtractor extractor)
    {
        if (extractor != AudioExtractor.DeepSpeech)
            throw new InvalidDataException(
                $"The model was trained on {extractor} features, which the built-in extractor does not compute. " +
                $"Extract them from {wavPath} with the original's script and give them with --features NPY (and --audio {wavPath} for the sound).");
        AudioClip clip;
        try
        {
            clip = SpeechSource.FromWav(wavPath);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        var npy = SpeechFeatureWindows.Extract(clip);
        if (npy.Shape[0] == 0) throw new InvalidDataException($"{wavPath} holds {clip.Duration:F3} s of sound; at least one 40 ms video frame is needed.");
        var features = AudioFeatureArray.FromFileLayout(npy.ToFloat32(), npy.Shape[0], npy.Shape[1], npy.Shape[2]);
        return new DrivingAudio($"{wavPath} ({clip.Duration:F2} s, built-in features)", features, null, wavPath, 0);
    }

    /// <summary>A feature array file (<c>aud_*.npy</c> layout [N, T, C]); <paramref name="soundPath"/> optionally gives the sound.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read or its shape is not what the model reads.</exception>
    public static DrivingAudio FromFeatures(string npyPath, AudioExtractor extractor, string? soundPath)
    {
        if (!File.Exists(npyPath)) throw new InvalidDataException($"{npyPath}: no such file. Give an audio feature array (.npy, [frames, window, channels]).");
        var features = AudioFeatureArray.Read(npyPath);
        RequireShape(features, extractor, npyPath);
        if (features.Rows == 0) throw new InvalidDataException($"{npyPath} has no rows; at least one frame is needed.");
        return new DrivingAudio($"{npyPath} ({features.Rows} frames)", features, null, soundPath, 0);
    }

    /// <summary>
    /// The frames of <paramref name="split"/> with their own audio windows (rows = img_ids), and the stretch of aud.wav from
    /// the first frame to the last when the split's img_ids are consecutive (else no sound: there is no single stretch).
    /// </summary>
    /// <exception cref="InvalidDataException">A dataset file is missing or does not fit the model.</exception>
    public static DrivingAudio FromSplit(DatasetFiles files, DatasetSplit split, AudioExtractor extractor)
    {
        string featuresPath = files.AudioFeatures(extractor);
        if (!File.Exists(featuresPath))
            throw new InvalidDataException($"{featuresPath}: missing; the model reads {extractor} features from its dataset. Check --data names the dataset it was trained on.");
        var features = AudioFeatureArray.Read(featuresPath);
        RequireShape(features, extractor, featuresPath);
        TransformsFile transforms;
        try
        {
            transforms = TransformsFile.Read(files.Transforms(split));
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        var ids = transforms.Frames.Select(f => f.ImgId).ToArray();
        if (ids.Length == 0) throw new InvalidDataException($"{files.Transforms(split)}: the split has no frames.");
        bool consecutive = true;
        for (int k = 1; k < ids.Length; k++) consecutive &= ids[k] == ids[k - 1] + 1;
        string? sound = consecutive && File.Exists(files.AudioWav) ? files.AudioWav : null;
        string name = split.ToString().ToLowerInvariant();
        return new DrivingAudio($"the {name} split's own audio ({ids.Length} frames{(sound is null ? ", no sound: its frames are not consecutive or aud.wav is missing" : "")})",
            features, ids, sound, sound is null ? 0 : ids[0] / (double)AudioFrameRate);
    }

    /// <summary>Video frames per second of the audio features (the dataset format's 25 fps).</summary>
    public const int AudioFrameRate = 25;

    private static void RequireShape(AudioFeatureArray f, AudioExtractor extractor, string path)
    {
        int c = AudioExtractors.Channels(extractor), t = AudioExtractors.Steps(extractor);
        if (f.Channels != c || f.Steps != t)
            throw new InvalidDataException(
                $"{path}: features of [window {f.Steps}, channels {f.Channels}] per frame; the model was trained on {extractor} features, [window {t}, channels {c}]. " +
                "Give features from the extractor the model was trained with.");
    }
}
