using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Rendering;

/// <summary>
/// The rasterizer on ILGPU kernels (<see cref="RasterKernels"/>), for the CPU accelerator and CUDA. Forward: preprocess kernel
/// (projection + colour, chunks of Gaussians) → host binning (<see cref="TileBinning"/>, deterministic) → gather kernel →
/// tile-per-thread blend kernel. Backward: tile-per-thread blend backward → per-Gaussian preprocess backward.
/// Kernels are loaded once per instance; device and host buffers are reused and only grow. The returned
/// <see cref="RasterOutput"/> and <see cref="RasterGradients"/> are owned by the instance and overwritten by its next call;
/// the backward pass uses the inputs as uploaded by the forward pass.
/// </summary>
public sealed class IlgpuRasterizer : IGaussianRasterizer, IRasterizerStatistics
{
    private readonly ComputeDevice _device;
    private readonly Accelerator _acc;
    private readonly Action<KernelConfig, ProjectionParams, GaussianViews, ArrayView<Splat>, ArrayView<TileRect>, ArrayView<int>, int, int> _preprocess;
    private readonly Action<KernelConfig, ArrayView<int>, ArrayView<Splat>, ArrayView<Splat>, int, int> _gather;
    private readonly Action<KernelConfig, BlendParams, ArrayView<int>, ArrayView<Splat>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, ArrayView<int>, ArrayView<long>> _blendForward;
    private readonly Action<KernelConfig, BlendParams, ArrayView<int>, ArrayView<int>, ArrayView<Splat>, ArrayView<float>, ArrayView<int>,
        ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<SplatGrad>, ArrayView<float>>? _blendBackward;
    private readonly Action<KernelConfig, ProjectionParams, GaussianViews, ArrayView<int>, ArrayView<float>, GradientViews, int, int> _preprocessBackward;
    private readonly Action<KernelConfig, BlendParams, ArrayView<int>, ArrayView<int>, ArrayView<Splat>, ArrayView<float>, ArrayView<int>,
        ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>? _blendBackwardGroup;

    private readonly TileBinning _binning = new();
    private readonly List<IDisposable> _buffers = [];
    private MemoryBuffer1D<float, Stride1D.Dense>? _means, _scales, _rotations, _opacities, _features;
    private MemoryBuffer1D<Splat, Stride1D.Dense>? _splats, _gathered;
    private MemoryBuffer1D<TileRect, Stride1D.Dense>? _rects;
    private MemoryBuffer1D<int, Stride1D.Dense>? _radii, _tileStart, _pairs, _lastContributor;
    private MemoryBuffer1D<long, Stride1D.Dense>? _tileEvaluations;
    private MemoryBuffer1D<float, Stride1D.Dense>? _color, _alpha, _depth, _finalT, _dColor, _dAlpha, _dDepth, _splatGrads;
    private MemoryBuffer1D<SplatGrad, Stride1D.Dense>? _pairGrads;
    private MemoryBuffer1D<float, Stride1D.Dense>? _gMeans, _gMeans2D, _gScales, _gRotations, _gOpacities, _gFeatures;

    private TileRect[] _hostRects = [];
    private float[] _hostDepths = [];
    private long[] _hostTileEvaluations = [];
    private readonly RasterOutput _output = new();
    private readonly RasterGradients _gradients = new();
    private ProjectionParams _pp;
    private BlendParams _bp;
    private GaussianViews _views;
    private int _count, _featureStride;
    private bool _precomputed, _haveForward;

    /// <summary>
    /// Creates a rasterizer on <paramref name="device"/> (default: <see cref="ComputeDevice.Shared"/>) and loads its kernels.
    /// <paramref name="style"/> picks the compositing kernels: Auto = one thread per tile on the CPU accelerator, one group per tile on CUDA.
    /// </summary>
    public IlgpuRasterizer(ComputeDevice? device = null, RasterKernelStyle style = RasterKernelStyle.Auto)
    {
        _device = device ?? ComputeDevice.Shared;
        _acc = _device.Accelerator;
        Style = style != RasterKernelStyle.Auto ? style : _device.IsCpu ? RasterKernelStyle.TilePerThread : RasterKernelStyle.GroupPerTile;
        if (Style == RasterKernelStyle.GroupPerTile && _acc.MaxNumThreadsPerGroup < RasterKernelsGroup.GroupSize)
            throw new ArgumentException(
                $"Group-per-tile kernels need {RasterKernelsGroup.GroupSize} threads per group; {_device.Description} has {_acc.MaxNumThreadsPerGroup}. " +
                "Use RasterKernelStyle.TilePerThread (or a CPU device with 256 threads for tests).", nameof(style));
        _preprocess = _acc.LoadStreamKernel<ProjectionParams, GaussianViews, ArrayView<Splat>, ArrayView<TileRect>, ArrayView<int>, int, int>(
            RasterKernels.Preprocess);
        _gather = _acc.LoadStreamKernel<ArrayView<int>, ArrayView<Splat>, ArrayView<Splat>, int, int>(RasterKernels.Gather);
        _preprocessBackward = _acc.LoadStreamKernel<ProjectionParams, GaussianViews, ArrayView<int>, ArrayView<float>, GradientViews, int, int>(
            RasterKernels.PreprocessBackward);
        bool group = Style == RasterKernelStyle.GroupPerTile; // both forward kernels share one delegate type
        _blendForward = _acc.LoadStreamKernel<BlendParams, ArrayView<int>, ArrayView<Splat>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, ArrayView<int>, ArrayView<long>>(group ? RasterKernelsGroup.BlendForwardGroup : RasterKernels.BlendForward);
        if (group)
            _blendBackwardGroup = _acc.LoadStreamKernel<BlendParams, ArrayView<int>, ArrayView<int>, ArrayView<Splat>, ArrayView<float>, ArrayView<int>,
                ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(RasterKernelsGroup.BlendBackwardGroup);
        else
            _blendBackward = _acc.LoadStreamKernel<BlendParams, ArrayView<int>, ArrayView<int>, ArrayView<Splat>, ArrayView<float>, ArrayView<int>,
                ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<SplatGrad>, ArrayView<float>>(RasterKernels.BlendBackward);
    }

    /// <summary>The compositing kernels in use.</summary>
    public RasterKernelStyle Style { get; }

    /// <summary>Launch shape of the compositing kernels: tile-per-thread via the device's shape, or groups of 256 over tiles.</summary>
    private KernelConfig BlendShape(int tiles)
    {
        if (Style == RasterKernelStyle.TilePerThread) return _device.Shape(tiles);
        int groups = _device.IsCpu
            ? tiles
            : Math.Min(tiles, _acc.NumMultiprocessors * Math.Max(1, _acc.MaxNumThreadsPerMultiprocessor / RasterKernelsGroup.GroupSize));
        return new KernelConfig(Math.Max(1, groups), RasterKernelsGroup.GroupSize);
    }

    /// <summary>The device the kernels run on.</summary>
    public ComputeDevice Device => _device;

    /// <summary>(pixel, Gaussian) alpha evaluations of the last forward pass (counted exactly by the blend kernel).</summary>
    public long LastForwardEvaluations { get; private set; }

    /// <summary>(tile, Gaussian) pairs of the last forward pass.</summary>
    public int LastPairCount => _binning.PairCount;

    /// <summary>Milliseconds of the last forward pass's stages (upload, preprocess, binning, gather, blend, download).</summary>
    public ForwardStageTimes StageTimes { get; private set; }

    /// <inheritdoc />
    public RasterOutput Forward(RasterInputs gaussians, Camera camera, RasterSettings settings)
    {
        long tBegin = Stopwatch.GetTimestamp();
        RasterValidation.CheckForward(gaussians, camera, settings);
        int n = gaussians.Count, w = camera.Width, h = camera.Height, pixels = w * h;
        _pp = new ProjectionParams(camera, settings);
        _bp = new BlendParams(camera, settings);
        _precomputed = gaussians.Colors is not null;
        _featureStride = _precomputed ? 3 : 3 * gaussians.ShCoefficients;
        _count = n;
        _haveForward = false;

        // Upload the inputs.
        Upload(ref _means, gaussians.Means.AsSpan(0, 3 * n));
        Upload(ref _scales, gaussians.Scales.AsSpan(0, 3 * n));
        Upload(ref _rotations, gaussians.Rotations.AsSpan(0, 4 * n));
        Upload(ref _opacities, gaussians.Opacities.AsSpan(0, n));
        Upload(ref _features, (_precomputed ? gaussians.Colors! : gaussians.Sh!).AsSpan(0, _featureStride * n));
        _views = new GaussianViews
        {
            Means = _means!.View, Scales = _scales!.View, Rotations = _rotations!.View, Opacities = _opacities!.View, Features = _features!.View,
            FeatureStride = _featureStride, ActiveDegree = gaussians.ActiveShDegree, Precomputed = _precomputed ? 1 : 0,
        };

        long tStart = Stopwatch.GetTimestamp();
        // 1. Project (chunks of Gaussians).
        Ensure(ref _splats, n);
        Ensure(ref _rects, n);
        Ensure(ref _radii, n);
        if (n > 0) _preprocess(_device.Shape(n), _pp, _views, _splats!.View, _rects!.View, _radii!.View, n, _device.ChunkSize(n));

        _acc.Synchronize();
        long tProjected = Stopwatch.GetTimestamp();
        // 2. Bin on the host: download rectangles and depths, sort, upload the tile ranges and lists.
        var radii = _output.Radii = RasterValidation.Exact(_output.Radii, n);
        _hostRects = RasterValidation.AtLeast(_hostRects, n);
        _hostDepths = RasterValidation.AtLeast(_hostDepths, n);
        if (n > 0)
        {
            Download(_rects!, _hostRects.AsSpan(0, n));
            Download(_radii!, radii.AsSpan());
            DownloadDepths(n);
        }
        _binning.Build(n, _hostDepths, _hostRects, _pp.TilesX, _pp.TilesY);
        int tiles = _binning.TileCount, pairs = _binning.PairCount;
        Upload(ref _tileStart, _binning.TileStart.AsSpan(0, tiles + 1));
        if (pairs > 0) Upload(ref _pairs, _binning.Pairs.AsSpan(0, pairs));
        else Ensure(ref _pairs, 1);

        long tBinned = Stopwatch.GetTimestamp();
        // 3. Gather splats per tile, then blend (one thread per tile).
        Ensure(ref _gathered, pairs);
        if (pairs > 0) _gather(_device.Shape(pairs), _pairs!.View, _splats!.View, _gathered!.View, pairs, _device.ChunkSize(pairs));
        _acc.Synchronize();
        long tGathered = Stopwatch.GetTimestamp();
        Ensure(ref _color, 3 * pixels);
        Ensure(ref _alpha, pixels);
        Ensure(ref _depth, pixels);
        Ensure(ref _finalT, pixels);
        Ensure(ref _lastContributor, pixels);
        Ensure(ref _tileEvaluations, tiles);
        if (Style == RasterKernelStyle.GroupPerTile) _tileEvaluations!.View.SubView(0, tiles).MemSetToZero();
        _blendForward(BlendShape(tiles), _bp, _tileStart!.View, _gathered!.View, _color!.View, _alpha!.View, _depth!.View,
            _finalT!.View, _lastContributor!.View, _tileEvaluations!.View);
        _acc.Synchronize();
        long tBlended = Stopwatch.GetTimestamp();

        _output.Width = w;
        _output.Height = h;
        Download(_color, (_output.Color = RasterValidation.Exact(_output.Color, 3 * pixels)).AsSpan());
        Download(_alpha, (_output.Alpha = RasterValidation.Exact(_output.Alpha, pixels)).AsSpan());
        Download(_depth, (_output.Depth = RasterValidation.Exact(_output.Depth, pixels)).AsSpan());
        _hostTileEvaluations = RasterValidation.AtLeast(_hostTileEvaluations, tiles);
        Download(_tileEvaluations, _hostTileEvaluations.AsSpan(0, tiles));
        long evaluations = 0;
        for (int t = 0; t < tiles; t++) evaluations += _hostTileEvaluations[t];
        LastForwardEvaluations = evaluations;
        _haveForward = true;
        long tEnd = Stopwatch.GetTimestamp();
        StageTimes = new ForwardStageTimes(Ms(tBegin, tStart), Ms(tStart, tProjected), Ms(tProjected, tBinned), Ms(tBinned, tGathered), Ms(tGathered, tBlended), Ms(tBlended, tEnd));
        return _output;
    }

    /// <inheritdoc />
    public RasterGradients Backward(ReadOnlySpan<float> dColor, ReadOnlySpan<float> dAlpha = default, ReadOnlySpan<float> dDepth = default)
    {
        RasterValidation.CheckBackward(_output.Width, _output.Height, dColor, dAlpha, dDepth, _haveForward);
        int n = _count, pixels = _output.Width * _output.Height, tiles = _binning.TileCount, pairs = _binning.PairCount;
        Upload(ref _dColor, dColor);
        UploadOrZero(ref _dAlpha, dAlpha, pixels);
        UploadOrZero(ref _dDepth, dDepth, pixels);
        Ensure(ref _pairGrads, pairs);
        Ensure(ref _splatGrads, SplatGrad.Floats * n);
        if (n > 0) _splatGrads!.View.SubView(0, SplatGrad.Floats * n).MemSetToZero();
        if (_blendBackwardGroup is not null)
            _blendBackwardGroup(BlendShape(tiles), _bp, _tileStart!.View, _pairs!.View, _gathered!.View, _finalT!.View, _lastContributor!.View,
                _dColor!.View, _dAlpha!.View, _dDepth!.View, _splatGrads!.View);
        else
            _blendBackward!(_device.Shape(tiles), _bp, _tileStart!.View, _pairs!.View, _gathered!.View, _finalT!.View, _lastContributor!.View,
                _dColor!.View, _dAlpha!.View, _dDepth!.View, _pairGrads!.View, _splatGrads!.View);

        Ensure(ref _gMeans, 3 * n);
        Ensure(ref _gMeans2D, 2 * n);
        Ensure(ref _gScales, 3 * n);
        Ensure(ref _gRotations, 4 * n);
        Ensure(ref _gOpacities, n);
        Ensure(ref _gFeatures, _featureStride * n);
        var d = new GradientViews
        {
            Means = _gMeans!.View, Means2D = _gMeans2D!.View, Scales = _gScales!.View, Rotations = _gRotations!.View,
            Opacities = _gOpacities!.View, Features = _gFeatures!.View,
        };
        if (n > 0) _preprocessBackward(_device.Shape(n), _pp, _views, _radii!.View, _splatGrads!.View, d, n, _device.ChunkSize(n));

        var r = _gradients;
        Download(_gMeans, (r.Means = RasterValidation.Exact(r.Means, 3 * n)).AsSpan());
        Download(_gMeans2D, (r.Means2D = RasterValidation.Exact(r.Means2D, 2 * n)).AsSpan());
        Download(_gScales, (r.Scales = RasterValidation.Exact(r.Scales, 3 * n)).AsSpan());
        Download(_gRotations, (r.Rotations = RasterValidation.Exact(r.Rotations, 4 * n)).AsSpan());
        Download(_gOpacities, (r.Opacities = RasterValidation.Exact(r.Opacities, n)).AsSpan());
        if (_precomputed)
        {
            r.Sh = [];
            Download(_gFeatures, (r.Colors = RasterValidation.Exact(r.Colors, 3 * n)).AsSpan());
        }
        else
        {
            r.Colors = [];
            Download(_gFeatures, (r.Sh = RasterValidation.Exact(r.Sh, _featureStride * n)).AsSpan());
        }
        return r;
    }

    private static double Ms(long a, long b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds;

    private Splat[] _hostSplats = [];

    private void DownloadDepths(int n)
    {
        // Depth sits inside the splat struct; read it back through a host copy of the splats only when needed.
        _hostSplats = RasterValidation.AtLeast(_hostSplats, n);
        Download(_splats!, _hostSplats.AsSpan(0, n));
        for (int i = 0; i < n; i++) _hostDepths[i] = _hostSplats[i].Depth;
    }

    private void Ensure<T>(ref MemoryBuffer1D<T, Stride1D.Dense>? buffer, long length) where T : unmanaged
    {
        length = Math.Max(1, length);
        if (buffer is not null && buffer.Length >= length) return;
        if (buffer is not null)
        {
            _buffers.Remove(buffer);
            buffer.Dispose();
        }
        long size = buffer is null ? length : Math.Max(length, buffer.Length * 3 / 2);
        buffer = _acc.Allocate1D<T>(size);
        _buffers.Add(buffer);
    }

    private void Upload<T>(ref MemoryBuffer1D<T, Stride1D.Dense>? buffer, ReadOnlySpan<T> data) where T : unmanaged
    {
        Ensure(ref buffer, data.Length);
        if (data.Length > 0) buffer!.View.AsContiguous().SubView(0, data.Length).CopyFromCPU(data); // pins the host memory: see Download
    }

    private void UploadOrZero(ref MemoryBuffer1D<float, Stride1D.Dense>? buffer, ReadOnlySpan<float> data, int length)
    {
        if (!data.IsEmpty) Upload(ref buffer, data);
        else
        {
            Ensure(ref buffer, length);
            buffer!.View.SubView(0, length).MemSetToZero();
        }
    }

    /// <summary>
    /// Copies to the host through ILGPU's span overload, which pins the host memory for the copy (as <see cref="Upload{T}"/>).
    /// Its <c>(ref T, length)</c> overloads take a raw pointer to the managed array unpinned and allocate before copying: a
    /// compacting GC in between moved the array, so uploads read stale memory and downloads wrote into other objects (wrong
    /// images and crashed test hosts under load).
    /// </summary>
    private static void Download<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer, Span<T> into) where T : unmanaged
    {
        if (into.Length > 0) buffer.View.AsContiguous().SubView(0, into.Length).CopyToCPU(into);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var b in _buffers) b.Dispose();
        _buffers.Clear();
    }
}
