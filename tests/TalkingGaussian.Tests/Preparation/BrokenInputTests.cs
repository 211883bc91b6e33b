using System.Diagnostics;
using TalkingGaussian.Tests.Cli;
using TalkingGaussian.Tests.Data;

namespace TalkingGaussian.Tests.Preparation;

/// <summary><c>tg prepare</c> on inputs it cannot use: each gives exit code 1 and one clear line naming the file, the problem and the fix.</summary>
[Collection(ExclusiveCollection.Name)]
public sealed class BrokenInputTests : DataTempTest
{
    private readonly string _models = PreparationModels.Store.Folder;

    [Fact]
    public void A_file_that_is_not_a_video_is_named()
    {
        var dir = TempFolder();
        var fake = Path.Combine(dir, "notes.mp4");
        File.WriteAllText(fake, "not a video");
        var (code, _, err) = Tg.Run("prepare", fake, "--out", Path.Combine(dir, "out"), "--models", _models);
        Assert.Equal(1, code);
        Assert.Contains($"{fake} is not a video ffmpeg can read", err);
        Assert.False(Directory.Exists(Path.Combine(dir, "out.tmp")));
    }

    [Fact]
    public void A_missing_video_is_named()
    {
        var dir = TempFolder();
        var (code, _, err) = Tg.Run("prepare", Path.Combine(dir, "nothing.mp4"), "--out", Path.Combine(dir, "out"), "--models", _models);
        Assert.Equal(1, code);
        Assert.Contains("nothing.mp4 does not exist", err);
    }

    [Fact]
    public void A_video_without_sound_says_how_to_add_it()
    {
        var dir = TempFolder();
        var video = Lavfi(dir, "silent.mp4", fps: 25, audio: false);
        var (code, _, err) = Tg.Run("prepare", video, "--out", Path.Combine(dir, "out"), "--models", _models);
        Assert.Equal(1, code);
        Assert.Contains("has no audio track", err);
        Assert.Contains("ffmpeg -i video.mp4 -i speech.wav", err);
    }

    [Fact]
    public void A_video_without_a_face_lists_the_frames()
    {
        var dir = TempFolder();
        var video = Lavfi(dir, "noface.mp4", fps: 25, audio: true);
        var (code, _, err) = Tg.Run("prepare", video, "--out", Path.Combine(dir, "out"), "--models", _models);
        Assert.Equal(1, code);
        Assert.Contains("No face was found in 25 of 25 frames", err);
        Assert.Contains("frames 0–24 (0.00–0.96 s)", err);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void A_wrong_frame_rate_is_refused_unless_fps_convert_is_given()
    {
        var dir = TempFolder();
        var video = Lavfi(dir, "thirty.mp4", fps: 30, audio: true);
        var (code, _, err) = Tg.Run("prepare", video, "--out", Path.Combine(dir, "out"), "--models", _models);
        Assert.Equal(1, code);
        Assert.Contains("runs at 30 fps", err);
        Assert.Contains("--fps-convert", err);
        // Re-timed, the one second of video becomes 25 frames; it then stops at the next problem (no face in them).
        (code, _, err) = Tg.Run("prepare", video, "--out", Path.Combine(dir, "out"), "--models", _models, "--fps-convert");
        Assert.Equal(1, code);
        Assert.Contains("No face was found in 25 of 25 frames", err);
    }

    [Fact]
    public void A_still_image_is_named_as_one()
    {
        var dir = TempFolder();
        var image = Path.Combine(dir, "portrait.png");
        Ffmpeg("-f", "lavfi", "-i", "testsrc=size=128x128", "-frames:v", "1", image);
        var (code, _, err) = Tg.Run("prepare", image, "--out", Path.Combine(dir, "out"), "--models", _models);
        Assert.Equal(1, code);
        Assert.Contains($"{image} is a still image, not a video", err);
    }

    [Fact]
    public void A_video_too_short_for_a_train_and_a_val_frame_is_refused()
    {
        var dir = TempFolder();
        var video = Lavfi(dir, "one-frame.mp4", fps: 25, audio: true, seconds: 0.04);
        var (code, _, err) = Tg.Run("prepare", video, "--out", Path.Combine(dir, "out"), "--models", _models);
        Assert.Equal(1, code);
        Assert.Contains($"{video} gives 1 frame(s) with its sound; a dataset needs at least 2", err);
        Assert.Contains("Give a longer video.", err);
        // A one-second video cut to one frame by --max-frames: the message names the option to raise.
        video = Lavfi(dir, "second.mp4", fps: 25, audio: true);
        (code, _, err) = Tg.Run("prepare", video, "--out", Path.Combine(dir, "out2"), "--models", _models, "--max-frames", "1");
        Assert.Equal(1, code);
        Assert.Contains("gives 1 frame(s) with its sound with --max-frames 1", err);
        Assert.Contains("or a larger --max-frames", err);
    }

    [Fact]
    public void An_output_path_that_is_a_file_is_refused_before_any_work()
    {
        var dir = TempFolder();
        var video = Lavfi(dir, "noface.mp4", fps: 25, audio: true);
        var file = Path.Combine(dir, "dataset");
        File.WriteAllText(file, "keep");
        var (code, _, err) = Tg.Run("prepare", video, "--out", file, "--models", _models);
        Assert.Equal(1, code);
        Assert.Contains($"{file} is a file; --out names the dataset folder to write", err);
        Assert.Equal("keep", File.ReadAllText(file));
        Assert.False(Directory.Exists(file + ".tmp"));
    }

    [Fact]
    public void Missing_models_say_which_command_fetches_them()
    {
        var dir = TempFolder();
        var (code, _, err) = Tg.Run("prepare", Path.Combine(dir, "any.mp4"), "--out", Path.Combine(dir, "out"), "--models", Path.Combine(dir, "empty"));
        Assert.Equal(1, code);
        Assert.Contains("tg models fetch", err);
    }

    [Fact]
    public void An_existing_output_folder_is_not_replaced_without_overwrite()
    {
        var dir = TempFolder();
        var video = Lavfi(dir, "noface.mp4", fps: 25, audio: true);
        var output = Directory.CreateDirectory(Path.Combine(dir, "out")).FullName;
        File.WriteAllText(Path.Combine(output, "mine.txt"), "keep");
        var (code, _, err) = Tg.Run("prepare", video, "--out", output, "--models", _models);
        Assert.Equal(1, code);
        Assert.Contains("already exists and is not empty", err);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(output, "mine.txt")));
    }

    /// <summary><paramref name="seconds"/> of ffmpeg's test pattern (no face) at <paramref name="fps"/>, with a tone when <paramref name="audio"/>.</summary>
    private static string Lavfi(string dir, string name, int fps, bool audio, double seconds = 1)
    {
        var path = Path.Combine(dir, name);
        var duration = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var args = new List<string> { "-f", "lavfi", "-i", $"testsrc=size=128x128:rate={fps}:duration={duration}" };
        if (audio) args.AddRange(["-f", "lavfi", "-i", $"sine=frequency=220:sample_rate=16000:duration={duration}", "-c:a", "aac"]);
        args.AddRange(["-c:v", "libx264", "-pix_fmt", "yuv420p", path]);
        Ffmpeg([.. args]);
        return path;
    }

    private static void Ffmpeg(params string[] args)
    {
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-v", "error", "-y" }.Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
    }
}
