using TalkingGaussian.Data.Npy;
using TalkingGaussian.Media;

namespace TalkingGaussian.Data;

/// <summary>Decodes one frame's files (gt image, parsing, teeth mask, torso) into <see cref="FrameImages"/>.</summary>
public sealed class FrameDecoder(DatasetFiles files, PlanarImage background)
{
    /// <summary>The background plate bc.jpg (RGB), shared by every frame.</summary>
    public PlanarImage Background { get; } = background;

    /// <summary>Reads and decodes frame <paramref name="imgId"/>.</summary>
    public FrameImages Decode(int imgId)
    {
        var gt = ImageIO.Load(files.GroundTruth(imgId), 3);
        var parsing = ImageIO.Load(files.Parsing(imgId), 3);
        var teethPath = files.Teeth(imgId);
        var teeth = NpyReader.Read(teethPath);
        if (teeth.Shape.Length != 2 || teeth.Shape[0] != parsing.Height || teeth.Shape[1] != parsing.Width)
            throw new InvalidDataException($"{teethPath}: shape ({string.Join(", ", teeth.Shape)}) does not match the {parsing.Height}×{parsing.Width} frame. Regenerate the teeth masks at the frame size.");
        var masks = TalkingMasks.From(parsing, teeth.ToBool());
        var torso = ImageIO.Load(files.Torso(imgId), 4);
        var plate = TorsoPlate.Compose(torso, Background);
        return new FrameImages(imgId, gt, masks, plate);
    }
}
