using TalkingGaussian.Rendering;

namespace TalkingGaussian.Tests.Rendering;

public sealed class FaceMouthFusionTests
{
    private const int Plane = 6;

    [Fact]
    public void Fusion_is_eq_8_with_premultiplied_colours_over_the_plate()
    {
        // One pixel by hand: face colour 0.3 with A_f 0.6; mouth 0.2 with A_m 0.5; plate 0.8.
        // mouth layer = 0.2 + 0.8·(1 − 0.5) = 0.6; head = 0.3 + 0.6·(1 − 0.6) = 0.54.
        float[] fc = [0.3f, 0.3f, 0.3f], fa = [0.6f], mc = [0.2f, 0.2f, 0.2f], ma = [0.5f], plate = [0.8f, 0.8f, 0.8f];
        var layer = new float[3];
        var head = new float[3];
        FaceMouthFusion.Forward(fc, fa, mc, ma, plate, layer, head);
        Assert.Equal(0.6f, layer[0], 6);
        Assert.Equal(0.54f, head[1], 6);
    }

    [Fact]
    public void Gradients_match_central_differences()
    {
        var rng = new Random(3);
        float[] R(int n) => Enumerable.Range(0, n).Select(_ => 0.1f + 0.8f * rng.NextSingle()).ToArray();
        var fc = R(3 * Plane); var fa = R(Plane); var mc = R(3 * Plane); var ma = R(Plane); var plate = R(3 * Plane); var w = R(3 * Plane);
        // L = Σ w·head, so ∂L/∂head = w.
        double Loss()
        {
            var layer = new float[3 * Plane];
            var head = new float[3 * Plane];
            FaceMouthFusion.Forward(fc, fa, mc, ma, plate, layer, head);
            double l = 0;
            for (int i = 0; i < head.Length; i++) l += (double)w[i] * head[i];
            return l;
        }
        var mouthLayer = new float[3 * Plane];
        FaceMouthFusion.Forward(fc, fa, mc, ma, plate, mouthLayer, new float[3 * Plane]);
        var dfc = new float[3 * Plane]; var dfa = new float[Plane]; var dmc = new float[3 * Plane]; var dma = new float[Plane];
        FaceMouthFusion.Backward(w, fa, plate, mouthLayer, dfc, dfa, dmc, dma);
        foreach (var (values, grad) in new[] { (fc, dfc), (fa, dfa), (mc, dmc), (ma, dma) })
            for (int i = 0; i < values.Length; i++)
            {
                float keep = values[i];
                double h = 1e-2;
                values[i] = keep + (float)h;
                double up = Loss();
                values[i] = keep - (float)h;
                double down = Loss();
                values[i] = keep;
                // The loss is linear in each single input, so the central difference is exact but for the float rounding of
                // the images (≈ 6e-8 relative, over 18 summed values, divided by 2h = 0.02); measured worst error 4.6e-6.
                Assert.Equal((up - down) / (2 * h), grad[i], 3e-5);
            }
    }
}
