using TalkingGaussian.Rendering;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>Settings of <see cref="SyntheticSpeaker"/> (<c>tg synth</c>).</summary>
public sealed record SyntheticSpeakerOptions
{
    /// <summary>Frame width and height in pixels. Default 256.</summary>
    public int Size { get; init; } = 256;

    /// <summary>Seed of the head, the blink schedule, the expression and the pose drift. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Speech WAV (any rate, mono or stereo); null = espeak-ng if installed, else the built-in voiced signal.</summary>
    public string? AudioPath { get; init; }

    /// <summary>Text espeak-ng speaks when no WAV is given.</summary>
    public string Text { get; init; } = Audio.SpeechSource.DefaultText;

    /// <summary>Skip espeak-ng and use the built-in voiced signal (deterministic without external tools).</summary>
    public bool BuiltInVoice { get; init; }

    /// <summary>Seed of the built-in voiced signal; null = <see cref="Seed"/>. Another seed speaks other syllables to the same head (new audio for a trained model).</summary>
    public int? VoiceSeed { get; init; }

    /// <summary>Seconds of built-in voiced signal when it is used. Default 10.</summary>
    public double BuiltInSeconds { get; init; } = 10;

    /// <summary>Most frames to write (audio is cut to match); 0 = all. Default 250 (10 s at 25 fps).</summary>
    public int MaxFrames { get; init; } = 250;

    /// <summary>Write only what scoring needs (gt frames, landmarks, au.csv, audio, one transforms file with all frames), no masks or torso.</summary>
    public bool FramesOnly { get; init; }

    /// <summary>Replace an existing output folder (it is swapped out only after the new one is complete).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Head detail (1 = about 7,000 Gaussians).</summary>
    public float Detail { get; init; } = 1f;

    /// <summary>Creates the rasterizer each worker thread renders with. Default: <see cref="ReferenceRasterizer"/>.</summary>
    public Func<IGaussianRasterizer> RasterizerFactory { get; init; } = () => new ReferenceRasterizer();

    /// <summary>Worker threads rendering frames. Default: the processor count.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Receives progress lines.</summary>
    public Action<string>? Log { get; init; }
}
