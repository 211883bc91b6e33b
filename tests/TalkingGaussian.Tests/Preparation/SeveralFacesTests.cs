using System.Diagnostics;
using TalkingGaussian.Preparation;
using TalkingGaussian.Tests.Data;

namespace TalkingGaussian.Tests.Preparation;

/// <summary>
/// A video with a second face is prepared (the tracker follows one face) and the frames with several faces are
/// reported with what to do; the same face alone gives no such note. The face is a real photo (face-api's sample 6,
/// MIT) held still for 5 frames with a tone: side by side with a copy of itself, then alone.
/// </summary>
public sealed class SeveralFacesTests : DataTempTest
{
    [Fact]
    public void Frames_with_a_second_face_are_reported_and_one_face_is_tracked()
    {
        var dir = TempFolder();
        var pair = Still(dir, "pair.mp4", "split[a][b];[a][b]hstack,scale=512:256");
        var result = DatasetPreparer.Prepare(pair, Path.Combine(dir, "pair"), new PreparationOptions { Models = PreparationModels.Store });
        Assert.Equal(5, result.Frames);
        var note = Assert.Single(result.Notes, n => n.StartsWith("several faces"));
        Assert.StartsWith("several faces in 5 frame(s) (frames 0–4 (0.00–0.16 s)); the speaker's face was tracked", note);
        Assert.Contains("crop the video to the speaker", note);
        // The tracked face is one of the two, not a blend: its nose tip (mesh point 1) lies inside one half.
        using var track = new MeshTrack.Reader(Path.Combine(result.Folder, MeshTrack.FileName));
        float nose = track[0].X(1);
        Assert.True(Math.Abs(nose - 128) < 64 || Math.Abs(nose - 384) < 64, $"nose tip at x = {nose}");

        var alone = Still(dir, "alone.mp4", "scale=256:256");
        var single = DatasetPreparer.Prepare(alone, Path.Combine(dir, "alone"), new PreparationOptions { Models = PreparationModels.Store });
        Assert.Equal(5, single.Frames);
        Assert.DoesNotContain(single.Notes, n => n.StartsWith("several faces"));
    }

    /// <summary>Five 25 fps frames of the face in photo 6 (a 384-pixel square around it, then <paramref name="filter"/>) with a tone.</summary>
    private static string Still(string dir, string name, string filter)
    {
        var path = Path.Combine(dir, name);
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     "-v", "error", "-y", "-loop", "1", "-framerate", "25", "-i", PreparationModels.Photo(6),
                     "-f", "lavfi", "-i", "sine=frequency=220:sample_rate=16000",
                     "-filter_complex", $"[0:v]crop=384:384:178:466,{filter}[v]", "-map", "[v]", "-map", "1:a", "-t", "0.2",
                     "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", path,
                 })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
        return path;
    }
}
