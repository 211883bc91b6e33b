using TalkingGaussian.Media;

namespace TalkingGaussian.Data;

/// <summary>
/// The per-frame torso-over-background plate P = torso·(a/255) + bc·(1 − a/255), truncated to uint8 as the original's
/// loader does (shared/reference/original-code.md §6.2). Returned as RGB in [0, 1] (each value a multiple of 1/255).
/// </summary>
public static class TorsoPlate
{
    /// <summary>Composites an RGBA torso image over the RGB background plate.</summary>
    public static PlanarImage Compose(PlanarImage torsoRgba, PlanarImage background)
    {
        if (torsoRgba.Channels != 4) throw new ArgumentException("The torso image must be RGBA.", nameof(torsoRgba));
        if (torsoRgba.Width != background.Width || torsoRgba.Height != background.Height)
            throw new ArgumentException($"Torso image is {torsoRgba.Width}×{torsoRgba.Height} but bc.jpg is {background.Width}×{background.Height}.");
        int n = torsoRgba.Width * torsoRgba.Height;
        var plate = new PlanarImage(torsoRgba.Width, torsoRgba.Height, 3);
        var alpha = torsoRgba.Channel(3);
        for (int c = 0; c < 3; c++)
        {
            var t = torsoRgba.Channel(c);
            var bc = background.Channel(c);
            var p = plate.Channel(c);
            for (int i = 0; i < n; i++)
            {
                double a = TalkingMasks.Level(alpha[i]) / 255.0;
                double v = TalkingMasks.Level(t[i]) * a + TalkingMasks.Level(bc[i]) * (1 - a);
                p[i] = (int)v / 255f; // uint8 cast truncates
            }
        }
        return plate;
    }
}
