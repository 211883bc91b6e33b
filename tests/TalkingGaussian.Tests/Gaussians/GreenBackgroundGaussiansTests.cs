using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Tests.Gaussians;

public class GreenBackgroundGaussiansTests
{
    [Fact]
    public void MarksOnlyColoursInsideAllThreeBounds()
    {
        float[] colors =
        [
            0.05f, 0.95f, 0.05f, // green screen: both stages
            0.10f, 0.90f, 0.10f, // face only (25.5/255 < 30/255, 229.5/255 > 225/255; not < 20/255 for the mouth)
            0.05f, 0.95f, 0.20f, // too blue
            0.30f, 0.95f, 0.05f, // too red
            0.05f, 0.80f, 0.05f, // not green enough
        ];
        var mask = new bool[5];
        Assert.Equal(2, GreenBackgroundGaussians.Mark(colors, GreenBackgroundGaussians.Face, mask));
        Assert.Equal([true, true, false, false, false], mask);
        Assert.Equal(1, GreenBackgroundGaussians.Mark(colors, GreenBackgroundGaussians.Mouth, mask));
        Assert.Equal([true, false, false, false, false], mask);
    }

    [Fact]
    public void MouthResetSetsOpacityAndDividesRawScales()
    {
        var field = new PersistentGaussianField(2, 0);
        field.ScalesRaw[0] = -5f; field.ScalesRaw[3] = -5f;
        field.OpacitiesRaw[0] = 3f; field.OpacitiesRaw[1] = 3f;
        GreenBackgroundGaussians.ResetForMouth(field, [true, false]);
        Assert.Equal(Activations.Logit(0.1f), field.OpacitiesRaw[0]);
        Assert.Equal(-0.5f, field.ScalesRaw[0]);
        Assert.True(Activations.Softplus(-0.5f) > Activations.Softplus(-5f)); // the quirk: the Gaussian grows
        Assert.Equal((3f, -5f), (field.OpacitiesRaw[1], field.ScalesRaw[3]));
    }
}
