using TalkingGaussian.Data;
using TalkingGaussian.Gaussians;
using TalkingGaussian.Inference;
using TalkingGaussian.Model;
using TalkingGaussian.Rendering;
using TalkingGaussian.Tests.Inference;

namespace TalkingGaussian.Tests.Cli;

/// <summary><c>tg export RUN --frame K</c>: the exported Gaussians, rendered again, are what the head render of that frame shows.</summary>
[Collection(ExclusiveCollection.Name)]
public sealed class ExportFrameCommandTests(TrainedSpeakerFixture fixture) : IClassFixture<TrainedSpeakerFixture>
{
    private static readonly RasterSettings OnBlack = new() { Background = (0f, 0f, 0f) };

    /// <summary>
    /// The face branch of val frame 0 exported in the native layout (raw parameters, exact) and rendered with that frame's
    /// camera on black is the face image of the head render, bit for bit: the deformation is folded into the raw
    /// parameters exactly as the renderer applies it. The standard layout stores log scales (converted in double from the
    /// softplus ones), and turned for y-down viewers it must still give the same image once turned back.
    /// </summary>
    [Fact]
    public void The_exported_frame_renders_as_the_head_render_of_that_frame()
    {
        string folder = fixture.NewFolder();
        var model = TalkingHeadModel.Load(fixture.Run.Folder);
        Assert.True(model.Face.Count > 0 && model.Mouth.Count > 0, $"the tiny run must leave Gaussians in both branches: {model.Face.Count} face, {model.Mouth.Count} mouth");
        var driving = DrivingAudio.FromSplit(fixture.Files, DatasetSplit.Val, model.Info.AudioExtractor);
        var track = PoseTrack.FromSplit(fixture.Files, DatasetSplit.Val, fixture.Width, fixture.Height);
        using var driver = new HeadDriver(model, driving, track, BlinkTrack.Auto, new FramePlates(fixture.Files, fixture.Width, fixture.Height), TestDevices.Cpu);
        var images = driver.Render(0);
        var faceImage = images.FaceColor.ToArray();
        var mouthImage = images.MouthColor.ToArray();
        var camera = driver.Camera(0);
        int id = track.At(0).ImgId;

        string native = Path.Combine(folder, "face.ply");
        var (code, stdout, err) = Tg.Run("export", fixture.Run.Folder, "--frame", $"{id}", "--branch", "face", "--format", "native", "--out", native, "--device", "cpu");
        Assert.True(code == 0, err);
        Assert.Contains($"recorded frame {id}", stdout);
        Assert.Equal(faceImage, Render(GaussianPly.Load(native), camera));

        string mouth = Path.Combine(folder, "mouth.ply");
        Assert.Equal(0, Tg.Run("export", fixture.Run.Folder, "--frame", $"{id}", "--branch", "mouth", "--format", "native", "--out", mouth, "--device", "cpu").Code);
        Assert.Equal(mouthImage, Render(GaussianPly.Load(mouth), camera));

        string upright = Path.Combine(folder, "head-y-down.ply");
        (code, _, err) = Tg.Run("export", fixture.Run.Folder, "--time", $"{id / 25.0 + 0.01}", "--branch", "face", "--up", "-y", "--out", upright, "--device", "cpu");
        Assert.True(code == 0, err);
        Assert.Equal(GaussianPlyLayout.Standard, GaussianPly.DetectLayout(upright));
        var turnedBack = HalfTurnAboutX.Apply(GaussianPly.ImportStandard(upright));
        double max = faceImage.Zip(Render(turnedBack, camera), (a, b) => Math.Abs(a - b)).Max();
        Assert.True(max < 1e-6, $"largest difference {max}"); // log ↔ softplus scale conversion in double, then float: measured about 1e-7

        string both = Path.Combine(folder, "head.ply");
        Assert.Equal(0, Tg.Run("export", fixture.Run.Folder, "--frame", $"{id}", "--out", both, "--device", "cpu").Code);
        Assert.Equal(model.Face.Count + model.Mouth.Count, GaussianPly.ImportStandard(both).Count);
    }

    [Fact]
    public void Export_needs_one_frame_of_a_model_or_one_file()
    {
        string folder = fixture.NewFolder(), output = Path.Combine(folder, "x.ply");
        var cases = new (string[] Args, string Expected)[]
        {
            (["export", fixture.Run.Folder, "--out", output], "--frame K or --time S"),
            (["export", fixture.Run.Folder, "--frame", "1", "--time", "0.5", "--out", output], "--frame K or --time S"),
            (["export", fixture.Run.Folder, "--frame", "100000", "--out", output], "--frame 100000"),
            (["export", fixture.Run.Folder, "--frame", "1", "--in", output, "--out", output], "not both"),
            (["export", fixture.Run.Folder, "--frame", "1", "--up", "z", "--out", output], "--up"),
            (["export", folder, "--frame", "1", "--out", output], "model.json"),
        };
        foreach (var (args, expected) in cases)
        {
            var (code, _, err) = Tg.Run([.. args, "--device", "cpu"]);
            Assert.True(code == 1, $"{string.Join(' ', args)} → exit {code}");
            Assert.Contains(expected, err);
        }
        Assert.False(File.Exists(output));
    }

    private static float[] Render(PersistentGaussianField field, Camera camera)
    {
        using var rasterizer = Rasterizers.Create(TestDevices.Cpu);
        return rasterizer.Forward(field.Activate(), camera, OnBlack).Color.AsSpan(0, 3 * camera.Width * camera.Height).ToArray();
    }
}
