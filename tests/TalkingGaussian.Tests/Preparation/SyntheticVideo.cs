using System.Diagnostics;
using TalkingGaussian.Data.Synthetic;
using TalkingGaussian.Preparation;
using TalkingGaussian.Tests.Data;

namespace TalkingGaussian.Tests.Preparation;

/// <summary>
/// The synthetic speaker (256×256, 3 s, built-in voice) rendered as an MP4 with its audio, and that MP4 prepared by
/// <see cref="DatasetPreparer"/>: the generator's folder is the truth to compare the preparation with. Made once.
/// </summary>
public sealed class SyntheticVideo : IDisposable
{
    private readonly string _root = DataTempTest.NewFolder();

    public SyntheticVideo()
    {
        Truth = Path.Combine(_root, "truth");
        SyntheticSpeaker.Generate(Truth, new SyntheticSpeakerOptions { Size = 256, Seed = 2, BuiltInVoice = true, BuiltInSeconds = 3.2, MaxFrames = 75, Threads = 2 });
        Video = Path.Combine(_root, "speaker.mp4");
        Encode(Path.Combine(Truth, "gt_imgs"), Path.Combine(Truth, "aud.wav"), Video, 25);
        Prepared = Path.Combine(_root, "prepared");
        Result = DatasetPreparer.Prepare(Video, Prepared, new PreparationOptions { Models = PreparationModels.Store, Preview = true });
    }

    public string Truth { get; }
    public string Video { get; }
    public string Prepared { get; }
    public PreparationResult Result { get; }

    /// <summary>An H.264 MP4 of the numbered JPEGs in <paramref name="frames"/> at <paramref name="fps"/>, with <paramref name="wav"/> as its sound (none when null).</summary>
    public static void Encode(string frames, string? wav, string output, int fps)
    {
        var args = new List<string> { "-v", "error", "-y", "-framerate", fps.ToString(), "-start_number", "0", "-i", Path.Combine(frames, "%d.jpg") };
        if (wav is not null) args.AddRange(["-i", wav, "-c:a", "aac"]);
        args.AddRange(["-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "16", output]);
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {err}");
    }

    public void Dispose() => DataTempTest.Delete(_root);
}
