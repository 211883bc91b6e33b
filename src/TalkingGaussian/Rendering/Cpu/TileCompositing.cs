using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Rendering.Cpu;

/// <summary>Where the forward compositing writes: colour [3, H, W], alpha and depth [H, W], and the backward state [H, W].</summary>
internal unsafe struct CompositeImages
{
    public float* Color, Alpha, Depth, FinalT;
    public int* LastContributor;
}

/// <summary>
/// Eq. 2 of the paper, C(x) = Σᵢ cᵢ α̃ᵢ Πⱼ&lt;ᵢ(1 − α̃ⱼ), for one 16×16 tile on the CPU: each row's 16 pixels are two
/// <see cref="Vector256{T}"/> of 8 pixels that walk the tile's front-to-back list together, every splat read once per row.
/// Per pixel it makes exactly the decisions of <see cref="Compositing.Blend"/> (skip outside [PowerFloor, 0], α̃ below
/// MinAlpha; stop, without blending, when T would fall below the epsilon), computing the power in the same float order;
/// α̃ = min(cap, α·e^power) uses the vector exponential, which may differ from <c>MathF.Exp</c> in the last bit.
/// A row whose pixels are all out of a splat's range costs only the power test.
/// </summary>
internal static unsafe class TileCompositing
{
    /// <summary>Lane offsets 0…7 of a vector of pixels.</summary>
    public static Vector256<float> LaneOffsets => Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);

    /// <summary>
    /// Composites tile <paramref name="tile"/> from its <paramref name="count"/> front-to-back splats; returns the tile's
    /// alpha-evaluation count (what the reference counts: per pixel, the splats visited until it stops).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Forward(in BlendParams bp, int tile, Splat* list, int count, in CompositeImages images)
    {
        const int tileSize = RasterSettings.TileSize;
        int x0 = tile % bp.TilesX * tileSize, y0 = tile / bp.TilesX * tileSize;
        int x1 = Math.Min(bp.Width, x0 + tileSize), y1 = Math.Min(bp.Height, y0 + tileSize);
        var px0 = Vector256.Create((float)x0) + LaneOffsets;
        var px1 = px0 + Vector256.Create((float)Simd.Lanes);
        var outside0 = Vector256.GreaterThanOrEqual(px0, Vector256.Create((float)x1)); // lanes past the image's right edge
        var outside1 = Vector256.GreaterThanOrEqual(px1, Vector256.Create((float)x1));
        long evaluations = 0;
        for (int y = y0; y < y1; y++)
        {
            var a = PixelRow.Start(outside0);
            var b = PixelRow.Start(outside1);
            float py = y;
            for (int j = 0; j < count; j++)
            {
                Splat* s = list + j;
                float dy = s->Y - py;
                // power = −½(A dx² + C dy²) − B dx dy, in the reference's operation order
                var cdy = Vector256.Create(s->ConicC * dy * dy);
                var x = Vector256.Create(s->X);
                var ca = Vector256.Create(s->ConicA);
                var cb = Vector256.Create(s->ConicB);
                var vdy = Vector256.Create(dy);
                var half = Vector256.Create(-0.5f);
                var dx0 = x - px0;
                var dx1 = x - px1;
                var p0 = half * (ca * dx0 * dx0 + cdy) - cb * dx0 * vdy;
                var p1 = half * (ca * dx1 * dx1 + cdy) - cb * dx1 * vdy;
                var floor = Vector256.Create(s->PowerFloor);
                var in0 = Vector256.AndNot(Vector256.LessThanOrEqual(p0, Vector256<float>.Zero) & Vector256.GreaterThanOrEqual(p0, floor), a.Done);
                var in1 = Vector256.AndNot(Vector256.LessThanOrEqual(p1, Vector256<float>.Zero) & Vector256.GreaterThanOrEqual(p1, floor), b.Done);
                if ((in0 | in1).ExtractMostSignificantBits() == 0) continue;
                var step = Vector256.Create(j + 1);
                bool stopped = a.Blend(in0, p0, s, step, bp) | b.Blend(in1, p1, s, step, bp);
                if (stopped && (a.Done & b.Done).ExtractMostSignificantBits() == 0xFF) break;
            }
            evaluations += a.Store(x0, y, x1, count, bp, images) + b.Store(x0 + Simd.Lanes, y, x1, count, bp, images);
        }
        return evaluations;
    }

    /// <summary>Front-to-back sums of 8 pixels of a row (the vector form of <see cref="PixelAccumulator"/>).</summary>
    private struct PixelRow
    {
        public Vector256<float> T, R, G, B, Depth, Done;
        public Vector256<int> Last, StoppedAt;

        /// <summary>A fresh row; lanes outside the image start done (and are never counted or stored).</summary>
        public static PixelRow Start(Vector256<float> outside) => new() { T = Vector256<float>.One, Done = outside };

        /// <summary>Blends splat <paramref name="s"/> (the <paramref name="step"/>-th of the list) into the lanes in range; true if a lane stopped.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Blend(Vector256<float> inRange, Vector256<float> power, Splat* s, Vector256<int> step, in BlendParams bp)
        {
            if (inRange.ExtractMostSignificantBits() == 0) return false;
            var alpha = Vector256.Min(Vector256.Create(bp.AlphaCap), Vector256.Create(s->Opacity) * Vector256.Exp(power));
            var contributes = inRange & Vector256.GreaterThanOrEqual(alpha, Vector256.Create(bp.MinAlpha));
            var next = T * (Vector256<float>.One - alpha);
            var stop = contributes & Vector256.LessThan(next, Vector256.Create(bp.TransmittanceEpsilon));
            var blend = Vector256.AndNot(contributes, stop);
            var w = (alpha * T) & blend;
            R += w * Vector256.Create(s->R);
            G += w * Vector256.Create(s->G);
            B += w * Vector256.Create(s->B);
            Depth += w * Vector256.Create(s->Depth);
            T = Vector256.ConditionalSelect(blend, next, T);
            Last = Vector256.ConditionalSelect(blend.AsInt32(), step, Last);
            StoppedAt = Vector256.ConditionalSelect(stop.AsInt32(), step, StoppedAt);
            Done |= stop;
            return stop.ExtractMostSignificantBits() != 0;
        }

        /// <summary>Writes the row's pixels from <paramref name="x"/> (those left of <paramref name="xEnd"/>); returns their evaluation count.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly long Store(int x, int y, int xEnd, int count, in BlendParams bp, in CompositeImages images)
        {
            int lanes = Math.Min(Simd.Lanes, xEnd - x);
            if (lanes <= 0) return 0;
            int plane = bp.Width * bp.Height, p = y * bp.Width + x;
            var evaluated = Vector256.ConditionalSelect(Vector256.Equals(StoppedAt, Vector256<int>.Zero), Vector256.Create(count), StoppedAt);
            if (lanes == Simd.Lanes)
            {
                (R + T * Vector256.Create(bp.BgR)).Store(images.Color + p);
                (G + T * Vector256.Create(bp.BgG)).Store(images.Color + plane + p);
                (B + T * Vector256.Create(bp.BgB)).Store(images.Color + 2 * plane + p);
                (Vector256<float>.One - T).Store(images.Alpha + p);
                Depth.Store(images.Depth + p);
                T.Store(images.FinalT + p);
                Last.Store(images.LastContributor + p);
                return Vector256.Sum(evaluated);
            }
            long sum = 0;
            for (int l = 0; l < lanes; l++)
            {
                float t = T[l];
                images.Color[p + l] = R[l] + t * bp.BgR;
                images.Color[plane + p + l] = G[l] + t * bp.BgG;
                images.Color[2 * plane + p + l] = B[l] + t * bp.BgB;
                images.Alpha[p + l] = 1f - t;
                images.Depth[p + l] = Depth[l];
                images.FinalT[p + l] = t;
                images.LastContributor[p + l] = Last[l];
                sum += evaluated[l];
            }
            return sum;
        }
    }
}
