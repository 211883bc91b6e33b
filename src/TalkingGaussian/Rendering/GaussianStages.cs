using System.Runtime.CompilerServices;
using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Rendering;

/// <summary>
/// Where the per-Gaussian stages read one Gaussian's rasterizer inputs (layouts of <see cref="RasterInputs"/>): device views in
/// the kernels (<see cref="GaussianViews"/>), host arrays in the SIMD CPU rasterizer. A struct constraint keeps the calls direct,
/// so the kernels still compile for CUDA.
/// </summary>
public interface IGaussianSource
{
    /// <summary>Floats per Gaussian of <see cref="Feature"/>: 3K for SH, 3 for RGB.</summary>
    int FeatureStride { get; }

    /// <summary>SH degree used for colour.</summary>
    int ActiveDegree { get; }

    /// <summary>True when the features are precomputed RGB.</summary>
    bool Precomputed { get; }

    /// <summary>Entry <paramref name="index"/> of the [N, 3] means.</summary>
    float Mean(int index);

    /// <summary>Entry <paramref name="index"/> of the [N, 3] activated scales.</summary>
    float Scale(int index);

    /// <summary>Entry <paramref name="index"/> of the [N, 4] quaternions.</summary>
    float Rotation(int index);

    /// <summary>Opacity of Gaussian <paramref name="i"/>.</summary>
    float Opacity(int i);

    /// <summary>Entry <paramref name="index"/> of the [N, FeatureStride] features.</summary>
    float Feature(int index);
}

/// <summary>Where the per-Gaussian backward stage writes ∂L/∂inputs (layouts of <see cref="RasterGradients"/>).</summary>
public interface IGaussianGradientSink
{
    /// <summary>Sets entry <paramref name="index"/> of ∂L/∂μ [N, 3].</summary>
    void Mean(int index, float value);

    /// <summary>Sets entry <paramref name="index"/> of ∂L/∂means2D [N, 2].</summary>
    void Mean2D(int index, float value);

    /// <summary>Sets entry <paramref name="index"/> of ∂L/∂s [N, 3].</summary>
    void Scale(int index, float value);

    /// <summary>Sets entry <paramref name="index"/> of ∂L/∂q [N, 4].</summary>
    void Rotation(int index, float value);

    /// <summary>Sets ∂L/∂α of Gaussian <paramref name="i"/>.</summary>
    void Opacity(int i, float value);

    /// <summary>Sets entry <paramref name="index"/> of ∂L/∂features [N, FeatureStride].</summary>
    void Feature(int index, float value);
}

/// <summary>
/// The per-Gaussian stages of the rasterizer, written once for the kernels and the host: projection plus colour (stage 1
/// forward) and its backward. All maths lives in <see cref="Projection"/> and <see cref="SphericalHarmonics"/>.
/// </summary>
public static class GaussianStages
{
    /// <summary>
    /// Stage 1, Gaussian <paramref name="i"/>: EWA projection (<see cref="Projection.Forward"/>), colour from SH or precomputed RGB,
    /// opacity and early-reject floor. Returns the radius (0 when culled; then the rectangle is empty).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Preprocess<T>(in ProjectionParams pp, in T g, int i, out Splat s, out TileRect rect) where T : struct, IGaussianSource
    {
        float mx = g.Mean(3 * i), my = g.Mean(3 * i + 1), mz = g.Mean(3 * i + 2);
        int radius = Projection.Forward(pp, mx, my, mz, g.Scale(3 * i), g.Scale(3 * i + 1), g.Scale(3 * i + 2),
            g.Rotation(4 * i), g.Rotation(4 * i + 1), g.Rotation(4 * i + 2), g.Rotation(4 * i + 3), out s, out rect);
        if (radius == 0)
        {
            rect = default;
            return 0;
        }
        int f = i * g.FeatureStride;
        if (g.Precomputed)
        {
            s.R = g.Feature(f);
            s.G = g.Feature(f + 1);
            s.B = g.Feature(f + 2);
        }
        else
        {
            // c = Σₖ Yₖ(d) fₖ + 0.5, clamped at 0; d = normalise(μ − camera centre).
            SphericalHarmonics.Normalize(mx - pp.CamX, my - pp.CamY, mz - pp.CamZ, out float dx, out float dy, out float dz);
            var basis = SphericalHarmonics.Basis(g.ActiveDegree, dx, dy, dz);
            int k = SphericalHarmonics.CoefficientCount(g.ActiveDegree);
            float r = SphericalHarmonics.ColorOffset, gg = SphericalHarmonics.ColorOffset, bb = SphericalHarmonics.ColorOffset;
            for (int j = 0; j < k; j++)
            {
                float y = basis[j];
                r += y * g.Feature(f + 3 * j);
                gg += y * g.Feature(f + 3 * j + 1);
                bb += y * g.Feature(f + 3 * j + 2);
            }
            s.R = MathF.Max(r, 0f);
            s.G = MathF.Max(gg, 0f);
            s.B = MathF.Max(bb, 0f);
        }
        s.Opacity = g.Opacity(i);
        s.PowerFloor = Projection.PowerFloor(s.Opacity, pp.MinAlpha);
        return radius;
    }

    /// <summary>
    /// Stage 1 backward, Gaussian <paramref name="i"/>: ∂L/∂splat <paramref name="sg"/> → ∂L/∂(μ, s, q) through
    /// <see cref="Projection.Backward"/>, → SH coefficients and μ (view direction) or precomputed RGB, opacity, and the
    /// NDC-scaled screen-space mean gradient. A culled Gaussian (<paramref name="visible"/> false) gets zeros.
    /// </summary>
    public static void PreprocessBackward<T, TGrad>(in ProjectionParams pp, in T g, int i, bool visible, in SplatGrad sg, ref TGrad d)
        where T : struct, IGaussianSource where TGrad : struct, IGaussianGradientSink
    {
        int f = i * g.FeatureStride;
        if (!visible)
        {
            for (int a = 0; a < 3; a++) { d.Mean(3 * i + a, 0f); d.Scale(3 * i + a, 0f); }
            for (int a = 0; a < 4; a++) d.Rotation(4 * i + a, 0f);
            d.Mean2D(2 * i, 0f);
            d.Mean2D(2 * i + 1, 0f);
            d.Opacity(i, 0f);
            for (int a = 0; a < g.FeatureStride; a++) d.Feature(f + a, 0f);
            return;
        }
        float mx = g.Mean(3 * i), my = g.Mean(3 * i + 1), mz = g.Mean(3 * i + 2);
        Projection.Backward(pp, mx, my, mz, g.Scale(3 * i), g.Scale(3 * i + 1), g.Scale(3 * i + 2),
            g.Rotation(4 * i), g.Rotation(4 * i + 1), g.Rotation(4 * i + 2), g.Rotation(4 * i + 3), sg,
            out float dmx, out float dmy, out float dmz, out float dsx, out float dsy, out float dsz,
            out float dqw, out float dqx, out float dqy, out float dqz);
        if (g.Precomputed)
        {
            d.Feature(f, sg.R);
            d.Feature(f + 1, sg.G);
            d.Feature(f + 2, sg.B);
        }
        else
        {
            float norm = SphericalHarmonics.Normalize(mx - pp.CamX, my - pp.CamY, mz - pp.CamZ, out float dx, out float dy, out float dz);
            var basis = SphericalHarmonics.Basis(g.ActiveDegree, dx, dy, dz);
            int k = SphericalHarmonics.CoefficientCount(g.ActiveDegree);
            float r = SphericalHarmonics.ColorOffset, gg = SphericalHarmonics.ColorOffset, bb = SphericalHarmonics.ColorOffset;
            for (int j = 0; j < k; j++)
            {
                r += basis[j] * g.Feature(f + 3 * j);
                gg += basis[j] * g.Feature(f + 3 * j + 1);
                bb += basis[j] * g.Feature(f + 3 * j + 2);
            }
            // A channel clamped at 0 in the forward pass passes no gradient.
            float gr = r < 0f ? 0f : sg.R, ggr = gg < 0f ? 0f : sg.G, gbr = bb < 0f ? 0f : sg.B;
            var dBasis = default(ShBasis);
            for (int j = 0; j < k; j++)
            {
                d.Feature(f + 3 * j, basis[j] * gr);
                d.Feature(f + 3 * j + 1, basis[j] * ggr);
                d.Feature(f + 3 * j + 2, basis[j] * gbr);
                dBasis[j] = g.Feature(f + 3 * j) * gr + g.Feature(f + 3 * j + 1) * ggr + g.Feature(f + 3 * j + 2) * gbr;
            }
            for (int j = 3 * k; j < g.FeatureStride; j++) d.Feature(f + j, 0f); // bands above the active degree
            SphericalHarmonics.BasisBackward(g.ActiveDegree, dx, dy, dz, dBasis, out float ddx, out float ddy, out float ddz);
            SphericalHarmonics.NormalizeBackward(norm, dx, dy, dz, ddx, ddy, ddz, out float vx, out float vy, out float vz);
            dmx += vx; dmy += vy; dmz += vz;
        }
        d.Mean(3 * i, dmx); d.Mean(3 * i + 1, dmy); d.Mean(3 * i + 2, dmz);
        d.Scale(3 * i, dsx); d.Scale(3 * i + 1, dsy); d.Scale(3 * i + 2, dsz);
        d.Rotation(4 * i, dqw); d.Rotation(4 * i + 1, dqx); d.Rotation(4 * i + 2, dqy); d.Rotation(4 * i + 3, dqz);
        d.Mean2D(2 * i, sg.X * 0.5f * pp.Width);
        d.Mean2D(2 * i + 1, sg.Y * 0.5f * pp.Height);
        d.Opacity(i, sg.Opacity);
    }
}
