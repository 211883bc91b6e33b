using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Tests.Gaussians;

public class ActivationsTests
{
    [Theory]
    [InlineData(-8f)]
    [InlineData(-1.5f)]
    [InlineData(0f)]
    [InlineData(2.5f)]
    [InlineData(25f)]
    public void SoftplusInverseRoundTrips(float raw)
    {
        // float32 softplus loses relative precision for very negative inputs; 1e-4 relative covers the range used.
        float s = Activations.Softplus(raw);
        Assert.Equal(raw, Activations.SoftplusInverse(s), MathF.Max(1e-4f, 1e-4f * MathF.Abs(raw)));
    }

    [Fact]
    public void ActivationDerivativesMatchCentralDifferences()
    {
        // Central differences in double on float functions: h = 1e-3 gives ~1e-6 truncation, float noise ~1e-4.
        foreach (float r in new[] { -3f, -0.2f, 0.7f, 4f })
        {
            const float h = 1e-3f;
            foreach (var kind in new[] { ScaleActivation.Softplus, ScaleActivation.Exp })
            {
                float fd = (Activations.Scale(kind, r + h) - Activations.Scale(kind, r - h)) / (2 * h);
                Assert.Equal(fd, Activations.ScaleDerivative(kind, r), 2e-3f * MathF.Max(1f, MathF.Abs(fd)));
            }
        }
    }

    [Fact]
    public void QuaternionNormalizeBackwardMatchesCentralDifferences()
    {
        float[] q = [0.9f, -0.3f, 0.5f, 0.2f];
        float[] g = [0.4f, 1.1f, -0.7f, 0.25f]; // upstream ∂L/∂q̂, L = g·q̂
        var d = new float[4];
        Activations.NormalizeQuaternionBackward(q, g, d);
        var tmp = new float[4];
        for (int k = 0; k < 4; k++)
        {
            const float h = 1e-3f;
            float Loss(float delta)
            {
                var p = (float[])q.Clone();
                p[k] += delta;
                Activations.NormalizeQuaternion(p, tmp);
                return tmp[0] * g[0] + tmp[1] * g[1] + tmp[2] * g[2] + tmp[3] * g[3];
            }
            // Truncation O(h²) ≈ 1e-6 and float rounding of the loss / 2h ≈ 1e-4: 1e-3 absolute.
            Assert.Equal((Loss(h) - Loss(-h)) / (2 * h), d[k], 1e-3f);
        }
    }
}
