using TalkingGaussian.Evaluation;
using TalkingGaussian.Media;
using TalkingGaussian.Tests.Gaussians;

namespace TalkingGaussian.Tests.Evaluation;

public sealed class EvaluationInputsTests : TempFolderTest
{
    [Fact]
    public void Frame_folders_are_read_in_numeric_order_and_must_share_one_size()
    {
        var dir = TempFolder();
        foreach (int k in new[] { 10, 2, 1 })
            ImageIO.SavePng(Path.Combine(dir, $"{k}.png"), Enumerable.Repeat(k / 20f, 3 * 8 * 6).ToArray(), 8, 6);
        using (var frames = FrameSequence.Open(dir))
        {
            Assert.Equal(["1", "2", "10"], frames.FrameIds);
            var buffer = new float[3 * 8 * 6];
            var firsts = new List<float>();
            while (frames.Read(buffer)) firsts.Add(buffer[0]);
            Assert.Equal(3, firsts.Count);
            for (int i = 0; i < 3; i++) Assert.Equal(ImageIO.ToByte(new[] { 1, 2, 10 }[i] / 20f) / 255f, firsts[i], 1e-6f); // 8-bit PNG levels
        }
        ImageIO.SavePng(Path.Combine(dir, "11.png"), new float[3 * 4 * 4], 4, 4);
        using var mixed = FrameSequence.Open(dir);
        var frame = new float[3 * 8 * 6];
        var e = Assert.Throws<InvalidDataException>(() => { while (mixed.Read(frame)) { } });
        Assert.Contains("11.png", e.Message);
    }

    [Fact]
    public void Synthetic_truth_is_read_and_a_bad_line_is_named()
    {
        var dir = TempFolder();
        var path = Path.Combine(dir, SyntheticTruth.FileName);
        File.WriteAllText(path, "frame,jaw_open,eye_closure\n0,0,0\n1,0.5,0.25\n");
        var truth = SyntheticTruth.Read(path);
        Assert.Equal([0.0, 0.5], truth.JawOpen);
        Assert.Equal([0.0, 0.25], truth.EyeClosure);
        File.WriteAllText(path, "frame,jaw_open,eye_closure\n0,0,0\n2,0.5,0.25\n");
        var e = Assert.Throws<InvalidDataException>(() => SyntheticTruth.Read(path));
        Assert.Contains("line 3", e.Message);
    }
}
