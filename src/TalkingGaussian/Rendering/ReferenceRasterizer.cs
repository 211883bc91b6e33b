using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Rendering;

/// <summary>
/// The scalar reference rasterizer: one thread, plain loops that read like paper §3.1 (Eq. 1–2) and the released rasterizer
/// (original-code.md §7). Slow; it defines what <c>IlgpuRasterizer</c> must reproduce.
/// The returned <see cref="RasterOutput"/> and <see cref="RasterGradients"/> are owned by the instance and overwritten by its
/// next call; the backward pass uses a copy of the inputs taken by the forward pass.
/// </summary>
public sealed class ReferenceRasterizer : IGaussianRasterizer
{
    private readonly TileBinning _binning = new();
    private Splat[] _splats = [];
    private TileRect[] _rects = [];
    private float[] _depths = [];
    private float[] _finalT = [];
    private int[] _lastContributor = [];
    private SplatGrad[] _splatGrads = [];
    private RasterInputs? _inputs;
    private Camera? _camera;
    private RasterSettings? _settings;
    private readonly RasterOutput _output = new();
    private readonly RasterGradients _gradients = new();

    /// <summary>(pixel, Gaussian) alpha evaluations of the last forward pass (a Gaussian looked at by a pixel still running).</summary>
    public long LastForwardEvaluations { get; private set; }

    /// <summary>Screen-space Gaussians of the last forward pass (tests only).</summary>
    internal Splat[] Splats => _splats;

    /// <summary>∂L/∂splat of the last backward pass (tests only).</summary>
    internal SplatGrad[] SplatGradients => _splatGrads;

    /// <summary>(tile, Gaussian) pairs of the last forward pass.</summary>
    public int LastPairCount => _binning.PairCount;

    /// <inheritdoc />
    public RasterOutput Forward(RasterInputs gaussians, Camera camera, RasterSettings settings)
    {
        RasterValidation.CheckForward(gaussians, camera, settings);
        int n = gaussians.Count;
        var pp = new ProjectionParams(camera, settings);
        _splats = RasterValidation.AtLeast(_splats, n);
        _rects = RasterValidation.AtLeast(_rects, n);
        _depths = RasterValidation.AtLeast(_depths, n);
        var radii = _output.Radii = RasterValidation.Exact(_output.Radii, n);

        // 1. Project every Gaussian (EWA) and give it its colour and opacity.
        for (int i = 0; i < n; i++)
        {
            radii[i] = ProjectOne(gaussians, pp, i, out _splats[i], out _rects[i]);
            if (radii[i] == 0) _rects[i] = default;
        }

        _inputs = Snapshot(gaussians, _inputs);
        _camera = camera;
        _settings = settings;
        return Composite(n, camera, settings);
    }

    /// <summary>Stages 2–3 over the current splats (tests perturb them in screen space to check ∂L/∂means2D).</summary>
    internal RasterOutput Composite(int n, Camera camera, RasterSettings settings)
    {
        int w = camera.Width, h = camera.Height;
        var pp = new ProjectionParams(camera, settings);
        var bp = new BlendParams(camera, settings);

        // 2. Bin into 16×16 tiles, front to back.
        for (int i = 0; i < n; i++) _depths[i] = _splats[i].Depth;
        _binning.Build(n, _depths, _rects, pp.TilesX, pp.TilesY);

        // 3. Composite every pixel over its tile's list (Eq. 2).
        _output.Width = w;
        _output.Height = h;
        var color = _output.Color = RasterValidation.Exact(_output.Color, 3 * w * h);
        var alpha = _output.Alpha = RasterValidation.Exact(_output.Alpha, w * h);
        var depth = _output.Depth = RasterValidation.Exact(_output.Depth, w * h);
        _finalT = RasterValidation.Exact(_finalT, w * h);
        _lastContributor = RasterValidation.Exact(_lastContributor, w * h);
        long evaluations = 0;
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            int tile = y / RasterSettings.TileSize * pp.TilesX + x / RasterSettings.TileSize;
            var acc = PixelAccumulator.Start;
            for (int j = _binning.TileStart[tile]; j < _binning.TileStart[tile + 1] && !acc.Done; j++)
                Compositing.Blend(ref acc, _splats[_binning.Pairs[j]], x, y, bp);
            int p = y * w + x;
            color[p] = acc.R + acc.T * bp.BgR;
            color[w * h + p] = acc.G + acc.T * bp.BgG;
            color[2 * w * h + p] = acc.B + acc.T * bp.BgB;
            alpha[p] = 1f - acc.T;
            depth[p] = acc.Depth;
            _finalT[p] = acc.T;
            _lastContributor[p] = acc.LastContributor;
            evaluations += acc.Evaluated;
        }
        LastForwardEvaluations = evaluations;
        return _output;
    }

    /// <inheritdoc />
    public RasterGradients Backward(ReadOnlySpan<float> dColor, ReadOnlySpan<float> dAlpha = default, ReadOnlySpan<float> dDepth = default)
    {
        RasterValidation.CheckBackward(_output.Width, _output.Height, dColor, dAlpha, dDepth, _inputs is not null);
        var g = _inputs!;
        var camera = _camera!;
        int n = g.Count, w = camera.Width, h = camera.Height;
        var pp = new ProjectionParams(camera, _settings!);
        var bp = new BlendParams(camera, _settings!);
        _splatGrads = RasterValidation.AtLeast(_splatGrads, n);
        Array.Clear(_splatGrads, 0, n);

        // 1. Every pixel, back to front from its last contributor: ∂L/∂(splat) of each Gaussian it blended.
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            int p = y * w + x;
            int tile = y / RasterSettings.TileSize * pp.TilesX + x / RasterSettings.TileSize;
            var st = Compositing.StartBackward(_finalT[p], dColor[p], dColor[w * h + p], dColor[2 * w * h + p],
                dDepth.IsEmpty ? 0f : dDepth[p], dAlpha.IsEmpty ? 0f : dAlpha[p], bp);
            int start = _binning.TileStart[tile];
            for (int j = start + _lastContributor[p] - 1; j >= start; j--)
            {
                int gi = _binning.Pairs[j];
                Compositing.BackwardStep(ref st, _splats[gi], x, y, bp, ref _splatGrads[gi]);
            }
        }

        // 2. Every visible Gaussian: splat gradients → 3D parameters (projection, SH).
        var r = _gradients;
        r.Means = RasterValidation.Exact(r.Means, 3 * n);
        r.Means2D = RasterValidation.Exact(r.Means2D, 2 * n);
        r.Scales = RasterValidation.Exact(r.Scales, 3 * n);
        r.Rotations = RasterValidation.Exact(r.Rotations, 4 * n);
        r.Opacities = RasterValidation.Exact(r.Opacities, n);
        bool sh = g.Colors is null;
        int k = g.ShCoefficients;
        r.Sh = sh ? RasterValidation.Exact(r.Sh, 3 * k * n) : [];
        r.Colors = sh ? [] : RasterValidation.Exact(r.Colors, 3 * n);
        Array.Clear(r.Means); Array.Clear(r.Means2D); Array.Clear(r.Scales); Array.Clear(r.Rotations);
        Array.Clear(r.Opacities); Array.Clear(r.Sh); Array.Clear(r.Colors);
        for (int i = 0; i < n; i++)
        {
            if (_output.Radii[i] == 0) continue;
            var sg = _splatGrads[i];
            Projection.Backward(pp, g.Means[3 * i], g.Means[3 * i + 1], g.Means[3 * i + 2],
                g.Scales[3 * i], g.Scales[3 * i + 1], g.Scales[3 * i + 2],
                g.Rotations[4 * i], g.Rotations[4 * i + 1], g.Rotations[4 * i + 2], g.Rotations[4 * i + 3], sg,
                out r.Means[3 * i], out r.Means[3 * i + 1], out r.Means[3 * i + 2],
                out r.Scales[3 * i], out r.Scales[3 * i + 1], out r.Scales[3 * i + 2],
                out r.Rotations[4 * i], out r.Rotations[4 * i + 1], out r.Rotations[4 * i + 2], out r.Rotations[4 * i + 3]);
            // Screen-space mean gradient in NDC units (pixel gradient × size/2), what densification accumulates.
            r.Means2D[2 * i] = sg.X * 0.5f * w;
            r.Means2D[2 * i + 1] = sg.Y * 0.5f * h;
            r.Opacities[i] = sg.Opacity;
            if (sh)
            {
                var (vx, vy, vz) = (g.Means[3 * i] - pp.CamX, g.Means[3 * i + 1] - pp.CamY, g.Means[3 * i + 2] - pp.CamZ);
                var coeffs = g.Sh!.AsSpan(3 * k * i, 3 * k);
                var active = coeffs[..(3 * SphericalHarmonics.CoefficientCount(g.ActiveShDegree))];
                var (dx, dy, dz) = SphericalHarmonics.EvaluateBackward(active, g.ActiveShDegree, vx, vy, vz,
                    sg.R, sg.G, sg.B, r.Sh.AsSpan(3 * k * i, 3 * k));
                r.Means[3 * i] += dx;
                r.Means[3 * i + 1] += dy;
                r.Means[3 * i + 2] += dz;
            }
            else
            {
                r.Colors[3 * i] = sg.R;
                r.Colors[3 * i + 1] = sg.G;
                r.Colors[3 * i + 2] = sg.B;
            }
        }
        return r;
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

    /// <summary>Projection, colour and opacity of Gaussian <paramref name="i"/>; returns its radius (0 = culled).</summary>
    private static int ProjectOne(RasterInputs g, in ProjectionParams pp, int i, out Splat s, out TileRect rect)
    {
        int radius = Projection.Forward(pp, g.Means[3 * i], g.Means[3 * i + 1], g.Means[3 * i + 2],
            g.Scales[3 * i], g.Scales[3 * i + 1], g.Scales[3 * i + 2],
            g.Rotations[4 * i], g.Rotations[4 * i + 1], g.Rotations[4 * i + 2], g.Rotations[4 * i + 3], out s, out rect);
        if (radius == 0) return 0;
        if (g.Colors is { } colors)
        {
            s.R = colors[3 * i];
            s.G = colors[3 * i + 1];
            s.B = colors[3 * i + 2];
        }
        else
        {
            int k = g.ShCoefficients;
            var active = g.Sh!.AsSpan(3 * k * i, 3 * SphericalHarmonics.CoefficientCount(g.ActiveShDegree));
            (s.R, s.G, s.B) = SphericalHarmonics.Evaluate(active, g.ActiveShDegree,
                g.Means[3 * i] - pp.CamX, g.Means[3 * i + 1] - pp.CamY, g.Means[3 * i + 2] - pp.CamZ);
        }
        s.Opacity = g.Opacities[i];
        s.PowerFloor = Projection.PowerFloor(s.Opacity, pp.MinAlpha);
        return radius;
    }

    /// <inheritdoc />
    public void Dispose() { }
}
