using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Training.Losses.Cpu;

/// <summary>
/// L1 + λ·D-SSIM (paper Eq. 9–11) on the CPU in plain C#: the maths of <see cref="ReferencePhotometricLoss"/> (which derives
/// it) in float32, with the 11×11 window applied as a row pass and a column pass (<see cref="WindowFilter"/>), 8 pixels per
/// vector, over a team of <see cref="ParallelWorkers"/>. Four passes, each a loop over bands of <see cref="BandRows"/> rows
/// of one channel handed out to whichever worker is free:
/// <list type="number">
/// <item>row moments: x, y, x², y², x·y filtered along each row;</item>
/// <item>column moments → μx, μy, Sxx, Syy, Sxy → the SSIM map S (summed per row) and, for the backward pass, the three
/// partial-derivative maps k·∂S/∂μx, k·∂S/∂Sxx, k·∂S/∂Sxy (k = ∂loss/∂S = −scale·λ/n); Σ|x − y| per row;</item>
/// <item>the partial maps filtered along rows (the transposed convolution's first half; g is symmetric);</item>
/// <item>… and down columns, combined into ∂/∂x(q) = m + 2x(q)·xx + y(q)·xy + scale·sign(x − y)/n, added to the gradient.</item>
/// </list>
/// Every value is written by one item and the per-row sums (in double) are added in row order, so results do not depend
/// on the thread count or timing. Internal maps have rows of W rounded up to 8 floats; the padding columns are masked out
/// of the sums and hold zero partials, which is the zero padding the transposed convolution needs. Buffers are pinned,
/// grow to the largest image seen and are reused: a call allocates nothing. One call at a time per instance.
/// </summary>
public sealed unsafe class SimdPhotometricLoss : IPhotometricLoss
{
    /// <summary>Image rows per work item.</summary>
    public const int BandRows = 16;

    private const int R = WindowFilter.Radius;
    private const int MomentMaps = 5, PartialMaps = 3;

    private readonly ParallelWorkers _workers;
    private readonly PinnedArray<float> _rows = new(), _partials = new();
    private readonly PinnedArray<double> _sums = new();
    private readonly PinnedArray<float>[] _padded;
    private readonly Action<int, int> _rowMoments, _columnSsim, _rowPartials, _columnGradient;
    private float* _x, _y, _gradient;
    private int _width, _height, _stride, _bands;
    private float _k, _kL1;
    private bool _backward;

    /// <summary>A loss on <paramref name="workers"/> (default: one worker per core).</summary>
    public SimdPhotometricLoss(ParallelWorkers? workers = null)
    {
        _workers = workers ?? ParallelWorkers.PerCore;
        _padded = new PinnedArray<float>[_workers.Count];
        for (int w = 0; w < _padded.Length; w++) _padded[w] = new PinnedArray<float>();
        _rowMoments = RowMoments;
        _columnSsim = ColumnSsim;
        _rowPartials = RowPartials;
        _columnGradient = ColumnGradient;
    }

    /// <summary>Worker threads.</summary>
    public int Threads => _workers.Count;

    /// <inheritdoc />
    public PhotometricLossValue Evaluate(ReadOnlySpan<float> image, ReadOnlySpan<float> target, int width, int height,
        float ssimWeight, Span<float> gradient, float scale = 1f)
    {
        PhotometricInputs.Check(image.Length, target.Length, width, height, gradient.Length);
        int n = image.Length;
        _width = width;
        _height = height;
        _stride = (width + Simd.Lanes - 1) / Simd.Lanes * Simd.Lanes;
        _bands = (height + BandRows - 1) / BandRows;
        _backward = !gradient.IsEmpty;
        _k = -scale * ssimWeight / n;
        _kL1 = scale / n;
        int map = height * _stride, items = 3 * _bands;
        _rows.EnsureLength(3 * MomentMaps * map);
        if (_backward) _partials.EnsureLength(3 * PartialMaps * map);
        _sums.EnsureLength(2 * 3 * height);
        foreach (var p in _padded) p.EnsureLength(MomentMaps * PaddedLength);

        fixed (float* x = image, y = target, g = gradient)
        {
            _x = x;
            _y = y;
            _gradient = g;
            try
            {
                _workers.For(items, _rowMoments);
                _workers.For(items, _columnSsim);
                if (_backward)
                {
                    _workers.For(items, _rowPartials);
                    _workers.For(items, _columnGradient);
                }
            }
            finally { _x = _y = _gradient = null; }
        }

        double ssim = 0, l1 = 0;
        double* sums = _sums.Pointer;
        for (int row = 0; row < 3 * height; row++)
        {
            ssim += sums[2 * row];
            l1 += sums[2 * row + 1];
        }
        return new PhotometricLossValue((float)(l1 / n), (float)(1 - ssim / n));
    }

    /// <summary>A row copy with <see cref="R"/> zeros on each side, as long as the widest vector reads.</summary>
    private int PaddedLength => _stride + 2 * R;

    /// <summary>Map <paramref name="m"/> of channel <paramref name="c"/> in a buffer of <paramref name="maps"/> maps per channel.</summary>
    private float* Map(PinnedArray<float> buffer, int maps, int c, int m) => buffer.Pointer + (long)(c * maps + m) * _height * _stride;

    /// <summary>The channel and rows [Start, End) of work item <paramref name="item"/>.</summary>
    private (int Channel, int Start, int End) Band(int item)
    {
        int c = item / _bands, start = item % _bands * BandRows;
        return (c, start, Math.Min(_height, start + BandRows));
    }

    /// <summary>Pass 1: x, y, x², y², x·y of each row, zero-padded, filtered along the row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RowMoments(int worker, int item)
    {
        var (c, start, end) = Band(item);
        int w = _width, length = PaddedLength;
        float* pad = _padded[worker].Pointer;
        new Span<float>(pad, MomentMaps * length).Clear(); // only [R, R + W) of each padded row is written below
        float* px = pad + R, py = px + length, pxx = py + length, pyy = pxx + length, pxy = pyy + length;
        for (int row = start; row < end; row++)
        {
            float* xr = _x + ((long)c * _height + row) * w, yr = _y + ((long)c * _height + row) * w;
            int i = 0;
            for (; i + Simd.Lanes <= w; i += Simd.Lanes)
            {
                var u = Vector256.Load(xr + i);
                var v = Vector256.Load(yr + i);
                u.Store(px + i);
                v.Store(py + i);
                (u * u).Store(pxx + i);
                (v * v).Store(pyy + i);
                (u * v).Store(pxy + i);
            }
            for (; i < w; i++)
            {
                float u = xr[i], v = yr[i];
                px[i] = u;
                py[i] = v;
                pxx[i] = u * u;
                pyy[i] = v * v;
                pxy[i] = u * v;
            }
            for (int m = 0; m < MomentMaps; m++) WindowFilter.Row(pad + m * length, Map(_rows, MomentMaps, c, m) + row * _stride, _stride);
        }
    }

    /// <summary>Pass 2: the column filter completes the moments; the SSIM map, its row sums, L1 row sums and the partial maps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ColumnSsim(int worker, int item)
    {
        var (c, start, end) = Band(item);
        int w = _width, stride = _stride;
        float* mxMap = Map(_rows, MomentMaps, c, 0), myMap = Map(_rows, MomentMaps, c, 1), sxxMap = Map(_rows, MomentMaps, c, 2),
            syyMap = Map(_rows, MomentMaps, c, 3), sxyMap = Map(_rows, MomentMaps, c, 4);
        var c1 = Vector256.Create(SsimWindow.C1);
        var c2 = Vector256.Create(SsimWindow.C2);
        var two = Vector256.Create(2f);
        var k = Vector256.Create(_k);
        var width = Vector256.Create((float)w);
        var lanes = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
        for (int row = start; row < end; row++)
        {
            int from = Math.Max(-R, -row), to = Math.Min(R, _height - 1 - row), at = row * stride;
            var sumLow = Vector256<double>.Zero;
            var sumHigh = Vector256<double>.Zero;
            for (int x = 0; x < stride; x += Simd.Lanes)
            {
                var mx = WindowFilter.Column(mxMap + at + x, stride, from, to);
                var my = WindowFilter.Column(myMap + at + x, stride, from, to);
                var sxx = WindowFilter.Column(sxxMap + at + x, stride, from, to);
                var syy = WindowFilter.Column(syyMap + at + x, stride, from, to);
                var sxy = WindowFilter.Column(sxyMap + at + x, stride, from, to);
                var a1 = two * mx * my + c1;
                var a2 = two * (sxy - mx * my) + c2;
                var b1 = mx * mx + my * my + c1;
                var b2 = (sxx - mx * mx) + (syy - my * my) + c2;
                var den = b1 * b2;
                var s = a1 * a2 / den;
                var inside = Vector256.LessThan(Vector256.Create((float)x) + lanes, width); // the padding columns add nothing
                var (low, high) = Vector256.Widen(s & inside);
                sumLow += low;
                sumHigh += high;
                if (!_backward) continue;
                ((k * (two * my * (a2 - a1) - two * mx * s * (b2 - b1)) / den) & inside).Store(Map(_partials, PartialMaps, c, 0) + at + x);
                ((-k * s / b2) & inside).Store(Map(_partials, PartialMaps, c, 1) + at + x);
                ((k * two * a1 / den) & inside).Store(Map(_partials, PartialMaps, c, 2) + at + x);
            }
            double* sums = _sums.Pointer + 2 * ((long)c * _height + row);
            sums[0] = Vector256.Sum(sumLow + sumHigh);
            sums[1] = AbsoluteDifferenceSum(_x + ((long)c * _height + row) * w, _y + ((long)c * _height + row) * w, w);
        }
    }

    /// <summary>Pass 3 (backward): the three partial maps filtered along rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RowPartials(int worker, int item)
    {
        var (c, start, end) = Band(item);
        int length = PaddedLength;
        float* pad = _padded[worker].Pointer;
        new Span<float>(pad, PartialMaps * length).Clear(); // only [R, R + stride) is written below; padding columns hold zeros
        for (int row = start; row < end; row++)
            for (int m = 0; m < PartialMaps; m++)
            {
                float* p = pad + m * length;
                new ReadOnlySpan<float>(Map(_partials, PartialMaps, c, m) + row * _stride, _stride).CopyTo(new Span<float>(p + R, _stride));
                WindowFilter.Row(p, Map(_rows, PartialMaps, c, m) + row * _stride, _stride);
            }
    }

    /// <summary>Pass 4 (backward): the column filter of the row-filtered partials, combined with x, y and L1's sign into the gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ColumnGradient(int worker, int item)
    {
        var (c, start, end) = Band(item);
        int w = _width, stride = _stride;
        float* mMap = Map(_rows, PartialMaps, c, 0), xxMap = Map(_rows, PartialMaps, c, 1), xyMap = Map(_rows, PartialMaps, c, 2);
        var two = Vector256.Create(2f);
        var kL1 = Vector256.Create(_kL1);
        for (int row = start; row < end; row++)
        {
            int from = Math.Max(-R, -row), to = Math.Min(R, _height - 1 - row), at = row * stride;
            long image = ((long)c * _height + row) * w;
            float* xr = _x + image, yr = _y + image, gr = _gradient + image;
            int x = 0;
            for (; x + Simd.Lanes <= w; x += Simd.Lanes)
            {
                var m = WindowFilter.Column(mMap + at + x, stride, from, to);
                var xx = WindowFilter.Column(xxMap + at + x, stride, from, to);
                var xy = WindowFilter.Column(xyMap + at + x, stride, from, to);
                var u = Vector256.Load(xr + x);
                var v = Vector256.Load(yr + x);
                var diff = u - v;
                var sign = (Vector256.GreaterThan(diff, Vector256<float>.Zero) & kL1) - (Vector256.LessThan(diff, Vector256<float>.Zero) & kL1);
                (Vector256.Load(gr + x) + (m + two * u * xx + v * xy + sign)).Store(gr + x);
            }
            if (x == w) continue;
            // The last, partial vector of the row: the same sums, combined lane by lane for the pixels inside the image.
            var mt = WindowFilter.Column(mMap + at + x, stride, from, to);
            var xxt = WindowFilter.Column(xxMap + at + x, stride, from, to);
            var xyt = WindowFilter.Column(xyMap + at + x, stride, from, to);
            for (int l = 0; x + l < w; l++)
            {
                float u = xr[x + l], v = yr[x + l], diff = u - v;
                gr[x + l] += mt[l] + 2f * u * xxt[l] + v * xyt[l] + (diff > 0f ? _kL1 : diff < 0f ? -_kL1 : 0f);
            }
        }
    }

    /// <summary>Σ |x − y| over one row, in double.</summary>
    private static double AbsoluteDifferenceSum(float* x, float* y, int width)
    {
        var low = Vector256<double>.Zero;
        var high = Vector256<double>.Zero;
        int i = 0;
        for (; i + Simd.Lanes <= width; i += Simd.Lanes)
        {
            var (l, h) = Vector256.Widen(Vector256.Abs(Vector256.Load(x + i) - Vector256.Load(y + i)));
            low += l;
            high += h;
        }
        double sum = Vector256.Sum(low + high);
        for (; i < width; i++) sum += Math.Abs(x[i] - y[i]);
        return sum;
    }

    /// <inheritdoc />
    public void Dispose() { }
}
