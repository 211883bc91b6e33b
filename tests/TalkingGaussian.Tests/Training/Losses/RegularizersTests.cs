using TalkingGaussian.Data;
using TalkingGaussian.Motion;
using TalkingGaussian.Tests.Motion;
using TalkingGaussian.Training.Losses;

namespace TalkingGaussian.Tests.Training.Losses;

/// <summary>The §5.1/§5.2 regularisers: values by hand, gradients against central differences.</summary>
public class RegularizersTests
{
    // The terms are piecewise linear, so a central difference is exact away from |·|'s kink; what is left is the float32
    // rounding of the returned value (≤ 6e-8 of a value ≲ 1) over the step 2h = 2e-2: ≤ 3e-6 absolute, on derivatives of
    // 1e-2 … 1e-1. Measured ≤ 4.9e-6 (the deformation term, value ≈ 1.2), ≤ 1.5e-6 for the others → atol 1e-5.
    private const float H = 1e-2f;
    private const double Atol = 1e-5;

    [Theory]
    [InlineData(MotionDeltas.FaceStride)]
    [InlineData(MotionDeltas.MouthStride)]
    public void DeformationL1IsTheSumOfPerBlockMeans(int stride)
    {
        const int n = 5;
        var deltas = new MotionDeltas(stride);
        deltas.Resize(n);
        var rng = new Random(stride);
        for (int i = 0; i < deltas.Values.Length; i++)
            deltas.Values[i] = (rng.Next(2) == 0 ? -1 : 1) * (0.05f + 0.5f * rng.NextSingle()); // |δ| > 2h: no kink inside a step
        deltas.Values[2] = 0f; // |·|'s derivative at 0 is 0
        var gradient = new MotionDeltas(stride);
        gradient.Resize(n);
        gradient.Values[1] = 7f; // added to, not overwritten
        float value = Regularizers.DeformationL1(deltas, 1f, gradient);

        // By hand: Δμ over N×3, and for the face Δq over N×4, Δα over N×1, Δs over N×3.
        var blocks = stride == MotionDeltas.FaceStride ? new[] { (0, 3), (3, 4), (7, 1), (8, 3) } : new[] { (0, 3) };
        double expected = 0;
        foreach (var (offset, width) in blocks)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            for (int j = offset; j < offset + width; j++) sum += Math.Abs(deltas.Values[i * stride + j]);
            expected += sum / (n * width);
        }
        Assert.Equal(expected, value, 1e-6); // float32 of a value ≈ 1
        Assert.Equal(0f, gradient.Values[2]);
        Assert.Equal(7f + Math.Sign(deltas.Values[1]) / (3f * n), gradient.Values[1], 1e-6f);
        gradient.Values[1] -= 7f;
        GradientCheck.AssertClose("∂L_def/∂δ", Enumerable.Range(0, n * stride), deltas.Values, H,
            () => Regularizers.DeformationL1(deltas, 1f, Scratch(stride, n)), i => gradient.Values[i], rtol: 0, atol: Atol);

        var weighted = Scratch(stride, n);
        Assert.Equal(1e-5f * value, Regularizers.DeformationL1(deltas, 1e-5f, weighted), 1e-12f);
        Assert.Equal(1e-5f * gradient.Values[0], weighted.Values[0], 1e-12f);
        var e = Assert.Throws<ArgumentException>(() => Regularizers.DeformationL1(deltas, 1f, Scratch(stride, n + 1)));
        Assert.Contains("The deformation gradient holds 6 Gaussians", e.Message);
        Assert.Throws<ArgumentNullException>(() => Regularizers.DeformationL1(null!, 1f, gradient));
        Assert.Throws<ArgumentNullException>(() => Regularizers.DeformationL1(deltas, 1f, null!));
    }

    [Fact]
    public void AlphaMaskPullsOpacityToTheMask()
    {
        // 2×2: A = [0.25, 0.5; 1, 0], M = [in, out; in, out]:
        // mean((1 − A)·M) = (0.75 + 0)/4, mean(A·¬M) = (0.5 + 0)/4 → 0.3125 per unit weight.
        var alpha = new[] { 0.25f, 0.5f, 1f, 0f };
        var inside = new[] { true, false, true, false };
        var gradient = new float[4];
        Assert.Equal(1e-3f * 0.3125f, Regularizers.AlphaMask(alpha, inside, 1e-3f, gradient), 1e-10f);
        Assert.Equal(new[] { -2.5e-4f, 2.5e-4f, -2.5e-4f, 2.5e-4f }, gradient); // weight·(M ? −1 : +1)/(H·W), exact

        var (a, _) = LossTestImages.Pair(6, 5, 11);
        a = a[..30];
        var mask = Enumerable.Range(0, 30).Select(i => i % 3 != 0).ToArray();
        var g = new float[30];
        Regularizers.AlphaMask(a, mask, 1f, g);
        GradientCheck.AssertClose("∂L_α/∂A", Enumerable.Range(0, 30), a, H, () => Regularizers.AlphaMask(a, mask, 1f, []), i => g[i], rtol: 0, atol: Atol);
        var e = Assert.Throws<ArgumentException>(() => Regularizers.AlphaMask(a, mask[..29], 1f, []));
        Assert.Contains("mask holds 29 pixels; the alpha image holds 30", e.Message);
    }

    [Fact]
    public void MeanInRectangleAveragesTheLipsBox()
    {
        const int width = 6, height = 5;
        var plane = Enumerable.Range(0, width * height).Select(i => (float)i).ToArray(); // value = r·6 + c
        var gradient = new float[plane.Length];
        // Rows 1..2, cols 2..4 (ends exclusive): values 8, 9, 10, 14, 15, 16 → mean 12.
        float value = Regularizers.MeanInRectangle(plane, width, height, new LipsRectangle(1, 3, 2, 5), 0.5f, gradient);
        Assert.Equal(6f, value);
        for (int i = 0; i < plane.Length; i++)
            Assert.Equal(i is 8 or 9 or 10 or 14 or 15 or 16 ? 0.5f / 6 : 0f, gradient[i]);

        // A box crossing the top-left corner keeps its in-image part: rows 0..1, cols 0..0 → values 0, 6 → mean 3.
        Assert.Equal(3f, Regularizers.MeanInRectangle(plane, width, height, new LipsRectangle(-3, 2, -4, 1), 1f, []));
        // Past the bottom-right edge: rows 3..4, cols 5..5 → values 23, 29.
        Assert.Equal(26f, Regularizers.MeanInRectangle(plane, width, height, new LipsRectangle(3, 9, 5, 12), 1f, []));
        // Entirely outside: nothing, and no gradient (numpy would give NaN).
        var none = new float[plane.Length];
        Assert.Equal(0f, Regularizers.MeanInRectangle(plane, width, height, new LipsRectangle(-8, -2, 1, 3), 1f, none));
        // Empty in one direction only, by a start equal to the end (a count of 0 must not reach 0/0 = NaN).
        Assert.Equal(0f, Regularizers.MeanInRectangle(plane, width, height, new LipsRectangle(2, 2, 1, 3), 1f, none));
        Assert.Equal(0f, Regularizers.MeanInRectangle(plane, width, height, new LipsRectangle(1, 3, 4, 4), 1f, none));
        Assert.All(none, v => Assert.Equal(0f, v));

        var attention = plane.Select(v => v / 30f).ToArray(); // values ≲ 1, as the class comment's atol assumes
        var g = new float[plane.Length];
        var rect = new LipsRectangle(-1, 4, 1, 5);
        Regularizers.MeanInRectangle(attention, width, height, rect, 1f, g);
        GradientCheck.AssertClose("∂/∂plane", Enumerable.Range(0, plane.Length), attention, H,
            () => Regularizers.MeanInRectangle(attention, width, height, rect, 1f, []), i => g[i], rtol: 0, atol: Atol);
    }

    [Fact]
    public void MeanInMaskAveragesTheHairPixels()
    {
        var plane = new[] { 1f, 2f, 3f, 4f, 5f, 6f };
        var mask = new[] { false, true, false, true, true, false };
        var gradient = new float[6];
        Assert.Equal(1e-4f * 11f / 3f, Regularizers.MeanInMask(plane, mask, 1e-4f, gradient), 1e-10f);
        Assert.Equal(new[] { 0f, 1e-4f / 3, 0f, 1e-4f / 3, 1e-4f / 3, 0f }, gradient);
        var attention = plane.Select(v => v / 6f).ToArray();
        GradientCheck.AssertClose("∂/∂plane", Enumerable.Range(0, 6), attention, H,
            () => Regularizers.MeanInMask(attention, mask, 1f, []), i => gradient[i] * 1e4, rtol: 1e-6, atol: Atol);

        var untouched = new float[6];
        Assert.Equal(0f, Regularizers.MeanInMask(plane, new bool[6], 1f, untouched)); // empty mask: 0, not NaN
        Assert.All(untouched, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void BadShapesAreRefused()
    {
        var plane = new float[30];
        var rect = new LipsRectangle(0, 2, 0, 2);
        // A zero width or height is refused even with the (empty) plane that size would hold.
        Assert.Throws<ArgumentException>(() => Regularizers.MeanInRectangle([], 0, 5, rect, 1f, []));
        Assert.Throws<ArgumentException>(() => Regularizers.MeanInRectangle([], 6, 0, rect, 1f, []));
        var e = Assert.Throws<ArgumentException>(() => Regularizers.MeanInRectangle(plane, 6, 4, rect, 1f, []));
        Assert.Contains("holds 30 floats; an [H, W] = [4, 6] plane holds 24", e.Message);
        e = Assert.Throws<ArgumentException>(() => Regularizers.MeanInMask(plane, new bool[29], 1f, []));
        Assert.Contains("mask holds 29 pixels; the plane holds 30", e.Message);

        // A gradient is empty or of the input's length; a longer one would be written in part and silently accepted.
        var inside = new bool[30];
        void WrongGradient(Action call)
        {
            var error = Assert.Throws<ArgumentException>(call);
            Assert.Contains("gradient holds 31 floats; pass an empty span or one of 30", error.Message);
        }
        WrongGradient(() => Regularizers.AlphaMask(plane, inside, 1f, new float[31]));
        WrongGradient(() => Regularizers.MeanInRectangle(plane, 6, 5, rect, 1f, new float[31]));
        WrongGradient(() => Regularizers.MeanInMask(plane, Enumerable.Repeat(true, 30).ToArray(), 1f, new float[31]));
    }

    private static MotionDeltas Scratch(int stride, int n)
    {
        var d = new MotionDeltas(stride);
        d.Resize(n);
        return d;
    }
}
