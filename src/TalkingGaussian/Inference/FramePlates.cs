using TalkingGaussian.Data;
using TalkingGaussian.Media;

namespace TalkingGaussian.Inference;

/// <summary>
/// The torso-and-background plate P a rendered frame is fused over (Eq. 8; original-code.md §6.2): the recorded frame's
/// torso_imgs/&lt;img_id&gt;.png laid over bc.jpg and truncated to 8 bits as the training loader does
/// (<see cref="TorsoPlate"/>), resampled bilinearly when the output size differs from the dataset's.
/// </summary>
public sealed class FramePlates
{
    private readonly DatasetFiles _files;
    private readonly PlanarImage _background;

    /// <summary>Plates of the dataset <paramref name="files"/> at <paramref name="width"/>×<paramref name="height"/>.</summary>
    /// <exception cref="InvalidDataException">bc.jpg is missing.</exception>
    public FramePlates(DatasetFiles files, int width, int height)
    {
        if (!File.Exists(files.Background))
            throw new InvalidDataException($"{files.Background}: missing; the torso-and-background plates need it. Check --data names the dataset the model was trained on.");
        _files = files;
        _background = ImageIO.Load(files.Background, 3);
        Width = width;
        Height = height;
    }

    /// <summary>Output width.</summary>
    public int Width { get; }

    /// <summary>Output height.</summary>
    public int Height { get; }

    /// <summary>Writes the plate of recorded frame <paramref name="imgId"/> into <paramref name="plate"/> [3, H, W].</summary>
    /// <exception cref="InvalidDataException">The frame's torso image is missing or has another size than bc.jpg.</exception>
    public void Write(int imgId, Span<float> plate)
    {
        string torsoPath = _files.Torso(imgId);
        if (!File.Exists(torsoPath))
            throw new InvalidDataException($"{torsoPath}: missing; frame {imgId}'s torso-and-background plate needs it. Use poses whose img_ids are frames of the model's dataset.");
        var torso = ImageIO.Load(torsoPath, 4);
        if (torso.Width != _background.Width || torso.Height != _background.Height)
            throw new InvalidDataException($"{torsoPath} is {torso.Width}×{torso.Height} but {_files.Background} is {_background.Width}×{_background.Height}; regenerate the torso images at the frame size.");
        PlanarResize.Bilinear(TorsoPlate.Compose(torso, _background), Width, Height, plate);
    }
}
