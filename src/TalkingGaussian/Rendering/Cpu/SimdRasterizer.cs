using System.Diagnostics;
using System.Runtime.CompilerServices;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Rendering.Cpu;

/// <summary>
/// The rasterizer on the CPU in plain C#, without an accelerator: per-Gaussian projection and colour
/// (<see cref="GaussianStages"/>, the kernels' code) over a team of <see cref="ParallelWorkers"/>, deterministic host binning
/// (<see cref="TileBinning"/>), a per-tile gather, and compositing with 8-pixel vectors along each tile row
/// (<see cref="TileCompositing"/>). Work is handed out in small items (tiles, runs of Gaussians or pairs) to whichever worker
/// is free (<see cref="ParallelWorkers.For"/>), and every item writes only its own results. The backward pass writes each
/// (tile, Gaussian) pair's gradient (<see cref="TileCompositingBackward"/>), then sums every Gaussian's pairs in a fixed order
/// straight into <see cref="GaussianStages.PreprocessBackward"/>, so results do not depend on thread timing.
/// Buffers are pinned, reused, and only grow; the returned <see cref="RasterOutput"/> and <see cref="RasterGradients"/> are
/// owned by the instance and overwritten by its next call, and the backward pass uses a copy of the inputs taken by the forward.
/// </summary>
public sealed unsafe class SimdRasterizer : IGaussianRasterizer, IRasterizerStatistics
{
    private readonly ParallelWorkers _workers;
    private readonly TileBinning _binning = new();
    private readonly PinnedArray<float> _means = new(), _scales = new(), _rotations = new(), _opacities = new(), _features = new();
    private readonly PinnedArray<Splat> _splats = new(), _gathered = new();
    private readonly PinnedArray<TileRect> _rects = new();
    private readonly PinnedArray<float> _depths = new(), _finalT = new(), _zeros = new();
    private readonly PinnedArray<int> _lastContributor = new();
    private readonly PinnedArray<long> _tileEvaluations = new();
    private readonly PinnedArray<bool> _tileNeeded = new();
    private readonly PinnedArray<SplatGrad> _pairGrads = new();
    private readonly RasterOutput _output = new();
    private readonly RasterGradients _gradients = new();
    /// <summary>Gaussians or pairs per work item of the per-Gaussian and gather stages.</summary>
    private const int ItemLength = 2048;

    private readonly Action<int, int> _preprocess, _gather, _blend, _blendBackward, _preprocessBackward;

    private ProjectionParams _pp;
    private BlendParams _bp;
    private HostGaussians _source;
    private HostGradients _sink;
    private CompositeImages _images;
    private CompositeGradients _upstream;
    private int* _radii, _pairs, _tileStart, _pairStart, _pairsOfGaussian;
    private int _count, _featureStride;
    private bool _precomputed, _haveForward, _allTilesNeeded;

    /// <summary>A rasterizer on <paramref name="workers"/> (default: one worker per core).</summary>
    public SimdRasterizer(ParallelWorkers? workers = null)
    {
        _workers = workers ?? ParallelWorkers.PerCore;
        _preprocess = PreprocessWorker;
        _gather = GatherWorker;
        _blend = BlendWorker;
        _blendBackward = BlendBackwardWorker;
        _preprocessBackward = PreprocessBackwardWorker;
    }

    /// <summary>Worker threads.</summary>
    public int Threads => _workers.Count;

    /// <inheritdoc />
    public long LastForwardEvaluations { get; private set; }

    /// <inheritdoc />
    public int LastPairCount => _binning.PairCount;

    /// <inheritdoc />
    public ForwardStageTimes StageTimes { get; private set; }

    /// <inheritdoc />
    public RasterOutput Forward(RasterInputs gaussians, Camera camera, RasterSettings settings)
    {
        long tBegin = Stopwatch.GetTimestamp();
        RasterValidation.CheckForward(gaussians, camera, settings);
        int n = gaussians.Count, pixels = camera.Width * camera.Height;
        _pp = new ProjectionParams(camera, settings);
        _bp = new BlendParams(camera, settings);
        _precomputed = gaussians.Colors is not null;
        _featureStride = _precomputed ? 3 : 3 * gaussians.ShCoefficients;
        _count = n;
        _haveForward = false;
        Copy(gaussians.Means, 3 * n, _means);
        Copy(gaussians.Scales, 3 * n, _scales);
        Copy(gaussians.Rotations, 4 * n, _rotations);
        Copy(gaussians.Opacities, n, _opacities);
        Copy(_precomputed ? gaussians.Colors! : gaussians.Sh!, _featureStride * n, _features);
        _source = new HostGaussians(_means.Pointer, _scales.Pointer, _rotations.Pointer, _opacities.Pointer, _features.Pointer,
            _featureStride, gaussians.ActiveShDegree, _precomputed);

        long tStart = Stopwatch.GetTimestamp();
        _splats.EnsureLength(n);
        _rects.EnsureLength(n);
        _depths.EnsureLength(n);
        _output.Radii = RasterValidation.Exact(_output.Radii, n);
        fixed (int* radii = _output.Radii) For(Runs(n), _preprocess, ref _radii, radii);

        long tProjected = Stopwatch.GetTimestamp();
        _binning.Build(n, _depths.Span[..n], _rects.Span[..n], _pp.TilesX, _pp.TilesY);
        int tiles = _binning.TileCount, pairs = _binning.PairCount;

        long tBinned = Stopwatch.GetTimestamp();
        _gathered.EnsureLength(pairs);
        fixed (int* list = _binning.Pairs) For(Runs(pairs), _gather, ref _pairs, list);

        long tGathered = Stopwatch.GetTimestamp();
        _output.Width = camera.Width;
        _output.Height = camera.Height;
        _output.Color = RasterValidation.Exact(_output.Color, 3 * pixels);
        _output.Alpha = RasterValidation.Exact(_output.Alpha, pixels);
        _output.Depth = RasterValidation.Exact(_output.Depth, pixels);
        _finalT.EnsureLength(pixels);
        _lastContributor.EnsureLength(pixels);
        _tileEvaluations.EnsureLength(tiles);
        MarkNeededTiles(settings.NeededPixels, camera.Width, camera.Height);
        fixed (float* color = _output.Color, alpha = _output.Alpha, depth = _output.Depth)
        fixed (int* start = _binning.TileStart)
        {
            _images = new CompositeImages
            {
                Color = color, Alpha = alpha, Depth = depth, FinalT = _finalT.Pointer, LastContributor = _lastContributor.Pointer,
            };
            For(tiles, _blend, ref _tileStart, start);
        }
        long evaluations = 0;
        for (int t = 0; t < tiles; t++) evaluations += _tileEvaluations.Pointer[t];
        LastForwardEvaluations = evaluations;
        _haveForward = true;
        long tEnd = Stopwatch.GetTimestamp();
        StageTimes = new ForwardStageTimes(Ms(tBegin, tStart), Ms(tStart, tProjected), Ms(tProjected, tBinned), Ms(tBinned, tGathered),
            Ms(tGathered, tEnd), 0);
        return _output;
    }

    /// <inheritdoc />
    public RasterGradients Backward(ReadOnlySpan<float> dColor, ReadOnlySpan<float> dAlpha = default, ReadOnlySpan<float> dDepth = default)
    {
        RasterValidation.CheckBackward(_output.Width, _output.Height, dColor, dAlpha, dDepth, _haveForward);
        int n = _count, pixels = _output.Width * _output.Height;
        _zeros.EnsureLength(pixels); // never written: stands in for an absent dAlpha or dDepth
        _pairGrads.EnsureLength(_binning.PairCount);
        fixed (float* gc = dColor, ga = dAlpha, gd = dDepth)
        fixed (int* start = _binning.TileStart)
        {
            _upstream = new CompositeGradients
            {
                FinalT = _finalT.Pointer, LastContributor = _lastContributor.Pointer, DColor = gc,
                DAlpha = dAlpha.IsEmpty ? _zeros.Pointer : ga, DDepth = dDepth.IsEmpty ? _zeros.Pointer : gd,
            };
            For(_binning.TileCount, _blendBackward, ref _tileStart, start);
        }

        var r = _gradients;
        r.Means = RasterValidation.Exact(r.Means, 3 * n);
        r.Means2D = RasterValidation.Exact(r.Means2D, 2 * n);
        r.Scales = RasterValidation.Exact(r.Scales, 3 * n);
        r.Rotations = RasterValidation.Exact(r.Rotations, 4 * n);
        r.Opacities = RasterValidation.Exact(r.Opacities, n);
        if (_precomputed) { r.Sh = []; r.Colors = RasterValidation.Exact(r.Colors, 3 * n); }
        else { r.Colors = []; r.Sh = RasterValidation.Exact(r.Sh, _featureStride * n); }
        fixed (float* gm = r.Means, gm2 = r.Means2D, gs = r.Scales, gq = r.Rotations, go = r.Opacities, gf = _precomputed ? r.Colors : r.Sh)
        fixed (int* radii = _output.Radii, pairStart = _binning.GaussianPairStart, pairsOfGaussian = _binning.PairsOfGaussian)
        {
            _sink = new HostGradients(gm, gm2, gs, gq, go, gf);
            _pairStart = pairStart;
            _pairsOfGaussian = pairsOfGaussian;
            For(Runs(n), _preprocessBackward, ref _radii, radii);
            _pairStart = _pairsOfGaussian = null;
        }
        return r;
    }

    /// <summary>Runs <paramref name="body"/> over <paramref name="items"/> items with <paramref name="field"/> pointing at a pinned array for the call.</summary>
    private void For(int items, Action<int, int> body, ref int* field, int* value)
    {
        field = value;
        try { _workers.For(items, body); }
        finally { field = null; }
    }

    private static int Runs(int count) => (count + ItemLength - 1) / ItemLength;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PreprocessWorker(int worker, int run)
    {
        int start = run * ItemLength, end = Math.Min(_count, start + ItemLength);
        Splat* splats = _splats.Pointer;
        TileRect* rects = _rects.Pointer;
        float* depths = _depths.Pointer;
        for (int i = start; i < end; i++)
        {
            _radii[i] = GaussianStages.Preprocess(_pp, _source, i, out splats[i], out rects[i]);
            depths[i] = splats[i].Depth;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void GatherWorker(int worker, int run)
    {
        int start = run * ItemLength, end = Math.Min(_binning.PairCount, start + ItemLength);
        Splat* splats = _splats.Pointer, gathered = _gathered.Pointer;
        for (int p = start; p < end; p++) gathered[p] = splats[_pairs[p]];
    }

    /// <summary>Flags the tiles holding a needed pixel (all of them when <paramref name="needed"/> is null).</summary>
    private void MarkNeededTiles(bool[]? needed, int width, int height)
    {
        _allTilesNeeded = needed is null;
        if (needed is null) return;
        const int tileSize = RasterSettings.TileSize;
        int tilesX = _pp.TilesX;
        _tileNeeded.EnsureLength(tilesX * _pp.TilesY);
        var flags = _tileNeeded.Span[..(tilesX * _pp.TilesY)];
        flags.Clear();
        for (int y = 0; y < height; y++)
        {
            int tileRow = y / tileSize * tilesX;
            for (int t = 0; t < tilesX; t++)
            {
                int x0 = t * tileSize;
                if (!flags[tileRow + t] && needed.AsSpan(y * width + x0, Math.Min(width, x0 + tileSize) - x0).Contains(true))
                    flags[tileRow + t] = true;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BlendWorker(int worker, int tile)
    {
        int start = _tileStart[tile], count = _allTilesNeeded || _tileNeeded.Pointer[tile] ? _tileStart[tile + 1] - start : 0;
        _tileEvaluations.Pointer[tile] = TileCompositing.Forward(_bp, tile, _gathered.Pointer + start, count, _images);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BlendBackwardWorker(int worker, int tile)
    {
        int start = _tileStart[tile], count = _tileStart[tile + 1] - start;
        new Span<SplatGrad>(_pairGrads.Pointer + start, count).Clear();
        if (count > 0 && !TileCompositingBackward.UpstreamIsZero(_bp, tile, _upstream))
            TileCompositingBackward.Backward(_bp, tile, _gathered.Pointer + start, count, _upstream, _pairGrads.Pointer + start);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PreprocessBackwardWorker(int worker, int run)
    {
        int start = run * ItemLength, end = Math.Min(_count, start + ItemLength);
        var sink = _sink;
        for (int i = start; i < end; i++)
        {
            var sg = default(SplatGrad);
            for (int k = _pairStart[i]; k < _pairStart[i + 1]; k++)
            {
                ref var g = ref _pairGrads.Pointer[_pairsOfGaussian[k]];
                sg.X += g.X; sg.Y += g.Y; sg.ConicA += g.ConicA; sg.ConicB += g.ConicB; sg.ConicC += g.ConicC;
                sg.Opacity += g.Opacity; sg.R += g.R; sg.G += g.G; sg.B += g.B; sg.Depth += g.Depth;
            }
            GaussianStages.PreprocessBackward(_pp, _source, i, _radii[i] != 0, sg, ref sink);
        }
    }

    private static void Copy(float[] from, int length, PinnedArray<float> to)
    {
        to.EnsureLength(length);
        from.AsSpan(0, length).CopyTo(to.Span);
    }

    private static double Ms(long a, long b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds;

    /// <inheritdoc />
    public void Dispose() { }
}
