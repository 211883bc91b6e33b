using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Rendering;

/// <summary>
/// The scalar reference rasterizer: one thread, double precision, and maths written independently of the kernels' shared
/// helpers (<see cref="Projection"/>, <see cref="Compositing"/>, <c>SphericalHarmonics</c>), so that comparing the kernels
/// with it tests the maths and not only the tiling. Per Gaussian, Eq. 1 and EWA splatting as matrix products
/// (<see cref="ReferenceProjection"/>) and SH colour (<see cref="ReferenceShading"/>); per pixel, Eq. 2 over the Gaussians
/// whose tile rectangle covers its tile, front to back, with the released rasterizer's rules (original-code.md §7):
/// α̃ = min(cap, α·e^power), skipped when power &gt; 0 or α̃ &lt; MinAlpha, and the pixel stops, without blending that Gaussian,
/// when T(1 − α̃) would fall below TransmittanceEpsilon. The backward pass is the chain rule written out
/// (<see cref="ReferencePixels"/>, <see cref="ReferenceProjection.Backward"/>). Slow; it defines what
/// <c>IlgpuRasterizer</c> must reproduce. Outputs and gradients are owned by the instance and overwritten by its next call.
/// </summary>
public sealed class ReferenceRasterizer : IGaussianRasterizer
{
    private readonly ReferencePixels _pixels = new();
    private ReferenceSplat[] _splats = [];
    private ReferenceSplatGradient[] _splatGrads = [];
    private double[] _shBasis = [];
    private (Dual3 R, Dual3 G, Dual3 B)[] _colorGrads = [];
    private RasterInputs? _inputs;
    private ReferenceCamera _camera;
    private readonly RasterOutput _output = new();
    private readonly RasterGradients _gradients = new();

    /// <summary>(pixel, Gaussian) alpha evaluations of the last forward pass (a Gaussian looked at by a pixel still running).</summary>
    public long LastForwardEvaluations => _pixels.Evaluations;

    /// <summary>(tile, Gaussian) pairs of the last forward pass.</summary>
    public int LastPairCount => _pixels.Pairs;

    /// <summary>Screen-space Gaussians of the last forward pass (tests only).</summary>
    internal ReadOnlySpan<ReferenceSplat> Splats => _splats.AsSpan(0, _inputs?.Count ?? 0);

    /// <summary>∂L/∂(screen quantities) of each Gaussian from the last backward pass (tests only).</summary>
    internal ReadOnlySpan<ReferenceSplatGradient> SplatGradients => _splatGrads.AsSpan(0, _inputs?.Count ?? 0);

    /// <summary>
    /// Tests only: moves Gaussian <c>Index</c>'s pixel-space mean by (dU, dV) after projection, to check ∂L/∂means2D by
    /// finite differences in screen space.
    /// </summary>
    internal (int Index, double DU, double DV)? ScreenNudge { get; set; }

    /// <inheritdoc />
    public RasterOutput Forward(RasterInputs gaussians, Camera camera, RasterSettings settings)
    {
        RasterValidation.CheckForward(gaussians, camera, settings);
        int n = gaussians.Count;
        _camera = new ReferenceCamera(camera, settings);
        _inputs = Snapshot(gaussians, _inputs);
        _splats = RasterValidation.AtLeast(_splats, n);
        var radii = _output.Radii = RasterValidation.Exact(_output.Radii, n);
        int k = gaussians.Colors is null ? gaussians.ShCoefficients : 0;
        _shBasis = RasterValidation.Exact(_shBasis, k * n);
        _colorGrads = RasterValidation.AtLeast(_colorGrads, n);

        for (int i = 0; i < n; i++)
        {
            ref var s = ref _splats[i];
            if (!ReferenceProjection.Forward(_camera, M(i, 0), M(i, 1), M(i, 2),
                    _inputs.Scales[3 * i], _inputs.Scales[3 * i + 1], _inputs.Scales[3 * i + 2],
                    _inputs.Rotations[4 * i], _inputs.Rotations[4 * i + 1], _inputs.Rotations[4 * i + 2], _inputs.Rotations[4 * i + 3], ref s))
                s.Radius = 0;
            radii[i] = s.Radius;
            if (s.Radius == 0) continue;
            s.Opacity = _inputs.Opacities[i];
            s.MinPower = Math.Log(settings.MinAlpha / s.Opacity) - 1e-9; // −∞ when MinAlpha = 0, +∞ when α = 0
            if (_inputs.Colors is { } colors) (s.R, s.G, s.Bl) = (colors[3 * i], colors[3 * i + 1], colors[3 * i + 2]);
            else
                (s.R, s.G, s.Bl) = ReferenceShading.Color(_inputs.Sh.AsSpan(3 * k * i, 3 * k), _inputs.ActiveShDegree,
                    M(i, 0) - _camera.CamX, M(i, 1) - _camera.CamY, M(i, 2) - _camera.CamZ, _shBasis.AsSpan(k * i, k), out _colorGrads[i]);
        }
        if (ScreenNudge is var (index, du, dv) && _splats[index].Radius > 0)
        {
            _splats[index].U += du;
            _splats[index].V += dv;
        }

        _pixels.Bin(_splats, n, _camera);
        _output.Width = camera.Width;
        _output.Height = camera.Height;
        int pixels = camera.Width * camera.Height;
        _output.Color = RasterValidation.Exact(_output.Color, 3 * pixels);
        _output.Alpha = RasterValidation.Exact(_output.Alpha, pixels);
        _output.Depth = RasterValidation.Exact(_output.Depth, pixels);
        _pixels.Render(_splats, _camera, _output);
        return _output;
    }

    /// <inheritdoc />
    public RasterGradients Backward(ReadOnlySpan<float> dColor, ReadOnlySpan<float> dAlpha = default, ReadOnlySpan<float> dDepth = default)
    {
        RasterValidation.CheckBackward(_output.Width, _output.Height, dColor, dAlpha, dDepth, _inputs is not null);
        var g = _inputs!;
        int n = g.Count;
        _splatGrads = RasterValidation.AtLeast(_splatGrads, n);
        Array.Clear(_splatGrads, 0, n);

        // 1. Every pixel: ∂L/∂(screen mean, conic, opacity, colour, depth) of each Gaussian it blended (Eq. 2 backward).
        _pixels.Backward(_splats, _camera, dColor, dAlpha, dDepth, _splatGrads);

        // 2. Every visible Gaussian: screen-space gradients → 3D parameters (projection, SH colour).
        var r = _gradients;
        r.Means = Zeroed(r.Means, 3 * n);
        r.Means2D = Zeroed(r.Means2D, 2 * n);
        r.Scales = Zeroed(r.Scales, 3 * n);
        r.Rotations = Zeroed(r.Rotations, 4 * n);
        r.Opacities = Zeroed(r.Opacities, n);
        bool sh = g.Colors is null;
        int k = g.ShCoefficients, active = SphericalHarmonics.CoefficientCount(g.ActiveShDegree);
        r.Sh = sh ? Zeroed(r.Sh, 3 * k * n) : [];
        r.Colors = sh ? [] : Zeroed(r.Colors, 3 * n);
        for (int i = 0; i < n; i++)
        {
            if (_splats[i].Radius == 0) continue;
            var sg = _splatGrads[i];
            ReferenceProjection.Backward(_camera, M(i, 0), M(i, 1), M(i, 2), g.Scales[3 * i], g.Scales[3 * i + 1], g.Scales[3 * i + 2],
                g.Rotations[4 * i], g.Rotations[4 * i + 1], g.Rotations[4 * i + 2], g.Rotations[4 * i + 3], sg,
                out var dMean, out var dScale, out var dRot);
            var (dx, dy, dz) = dMean;
            if (sh)
            {
                // c = Σ Yₖ fₖ + 0.5 (unless clamped): ∂L/∂fₖ = Yₖ ∂L/∂c; ∂L/∂μ += Σ_c ∂L/∂c_c ∇_v c_c (v = μ − camera centre).
                var (cr, cg, cb) = _colorGrads[i];
                for (int j = 0; j < active; j++)
                {
                    double y = _shBasis[k * i + j];
                    r.Sh[3 * (k * i + j)] = (float)(cr.Value > 0 ? y * sg.R : 0);
                    r.Sh[3 * (k * i + j) + 1] = (float)(cg.Value > 0 ? y * sg.G : 0);
                    r.Sh[3 * (k * i + j) + 2] = (float)(cb.Value > 0 ? y * sg.Bl : 0);
                }
                dx += sg.R * cr.Dx + sg.G * cg.Dx + sg.Bl * cb.Dx;
                dy += sg.R * cr.Dy + sg.G * cg.Dy + sg.Bl * cb.Dy;
                dz += sg.R * cr.Dz + sg.G * cg.Dz + sg.Bl * cb.Dz;
            }
            else (r.Colors[3 * i], r.Colors[3 * i + 1], r.Colors[3 * i + 2]) = ((float)sg.R, (float)sg.G, (float)sg.Bl);
            (r.Means[3 * i], r.Means[3 * i + 1], r.Means[3 * i + 2]) = ((float)dx, (float)dy, (float)dz);
            (r.Scales[3 * i], r.Scales[3 * i + 1], r.Scales[3 * i + 2]) = ((float)dScale.X, (float)dScale.Y, (float)dScale.Z);
            (r.Rotations[4 * i], r.Rotations[4 * i + 1], r.Rotations[4 * i + 2], r.Rotations[4 * i + 3]) =
                ((float)dRot.W, (float)dRot.X, (float)dRot.Y, (float)dRot.Z);
            r.Opacities[i] = (float)sg.Opacity;
            // The screen-space mean gradient in NDC units (pixel gradient × size/2), what densification accumulates.
            r.Means2D[2 * i] = (float)(sg.U * 0.5 * _camera.Width);
            r.Means2D[2 * i + 1] = (float)(sg.V * 0.5 * _camera.Height);
        }
        return r;
    }

    private double M(int i, int axis) => _inputs!.Means[3 * i + axis];

    private static float[] Zeroed(float[] a, int length)
    {
        a = RasterValidation.Exact(a, length);
        Array.Clear(a);
        return a;
    }

    /// <summary>A copy of <paramref name="g"/> for the backward pass, reusing <paramref name="into"/>'s arrays when they fit.</summary>
    private static RasterInputs Snapshot(RasterInputs g, RasterInputs? into)
    {
        var r = into ?? new RasterInputs();
        int n = g.Count;
        static float[]? Copy(float[]? src, float[]? dst, int length)
        {
            if (src is null) return null;
            var d = dst is not null && dst.Length == length ? dst : new float[length];
            Array.Copy(src, d, length);
            return d;
        }
        r.Count = n;
        r.Means = Copy(g.Means, r.Means, 3 * n)!;
        r.Scales = Copy(g.Scales, r.Scales, 3 * n)!;
        r.Rotations = Copy(g.Rotations, r.Rotations, 4 * n)!;
        r.Opacities = Copy(g.Opacities, r.Opacities, n)!;
        r.Colors = Copy(g.Colors, r.Colors, 3 * n);
        r.Sh = g.Colors is null ? Copy(g.Sh, r.Sh, 3 * g.ShCoefficients * n) : null;
        r.ShDegree = g.ShDegree;
        r.ActiveShDegree = g.ActiveShDegree;
        return r;
    }

    /// <inheritdoc />
    public void Dispose() { }
}
