namespace TalkingGaussian.Gaussians;

/// <summary>
/// k-nearest-neighbour distances of a point set through a uniform grid (about two points per cell): each query scans
/// cell shells of growing Chebyshev radius r and stops once its k-th best squared distance is within r cell widths,
/// because every unscanned point is at least that far. Exact, and O(N·k) for evenly spread points.
/// </summary>
public static class UniformGridNeighbors
{
    /// <summary>
    /// Writes, for each point i of <paramref name="points"/> ([N, 3]), the mean squared distance to its
    /// <paramref name="k"/> nearest other points into <paramref name="meanSquaredDistance"/>[i] (the average over the
    /// available neighbours when N ≤ k, and 0 when there are none). Coincident points count as neighbours at distance 0.
    /// </summary>
    public static void MeanSquaredDistance(ReadOnlySpan<float> points, int k, Span<float> meanSquaredDistance) =>
        MeanSquaredDistanceCounted(points, k, meanSquaredDistance);

    /// <summary><see cref="MeanSquaredDistance"/>, returning how many point pairs it measured (tests check it is ≪ N²).</summary>
    internal static long MeanSquaredDistanceCounted(ReadOnlySpan<float> points, int k, Span<float> meanSquaredDistance)
    {
        long measured = 0;
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), "k must be at least 1.");
        if (points.Length % 3 != 0) throw new ArgumentException("Points must be [N, 3].", nameof(points));
        int n = points.Length / 3;
        if (meanSquaredDistance.Length < n) throw new ArgumentException($"Output holds {meanSquaredDistance.Length} values; {n} needed.");
        if (n == 0) return 0;

        // Bounding box and a cell width giving ≈ 2 points per cell on average.
        Span<float> lo = stackalloc float[3], hi = stackalloc float[3];
        for (int c = 0; c < 3; c++) { lo[c] = float.PositiveInfinity; hi[c] = float.NegativeInfinity; }
        for (int i = 0; i < n; i++)
            for (int c = 0; c < 3; c++)
            {
                lo[c] = MathF.Min(lo[c], points[3 * i + c]);
                hi[c] = MathF.Max(hi[c], points[3 * i + c]);
            }
        float extent = MathF.Max(hi[0] - lo[0], MathF.Max(hi[1] - lo[1], hi[2] - lo[2]));
        double volume = 1;
        for (int c = 0; c < 3; c++) volume *= Math.Max(hi[c] - lo[c], extent * 1e-3);
        float cell = (float)Math.Cbrt(2 * volume / n);
        if (!(cell > 0) || !float.IsFinite(cell)) cell = 1f; // all points coincide
        Span<int> dims = stackalloc int[3];
        long cellCount;
        long maxCells = Math.Max(64L, 4L * n); // flat or linear clouds would otherwise ask for far more cells than points
        while (true)
        {
            double cells = 1;
            for (int c = 0; c < 3; c++) cells *= Math.Floor((hi[c] - lo[c]) / (double)cell) + 1;
            if (cells > maxCells) { cell *= 1.25f; continue; }
            for (int c = 0; c < 3; c++) dims[c] = (int)((hi[c] - lo[c]) / cell) + 1;
            cellCount = (long)dims[0] * dims[1] * dims[2];
            if (cellCount <= maxCells) break;
            cell *= 1.25f;
        }

        // Counting sort of the points into cells.
        var start = new int[cellCount + 1];
        var cellOf = new int[n];
        for (int i = 0; i < n; i++)
        {
            int x = CellIndex(points[3 * i], lo[0], cell, dims[0]);
            int y = CellIndex(points[3 * i + 1], lo[1], cell, dims[1]);
            int z = CellIndex(points[3 * i + 2], lo[2], cell, dims[2]);
            cellOf[i] = (z * dims[1] + y) * dims[0] + x;
            start[cellOf[i] + 1]++;
        }
        for (long j = 0; j < cellCount; j++) start[j + 1] += start[j];
        var order = new int[n];
        var fill = (int[])start.Clone();
        for (int i = 0; i < n; i++) order[fill[cellOf[i]]++] = i;

        var best = new float[k]; // ascending squared distances of the k nearest so far
        int maxRadius = Math.Max(dims[0], Math.Max(dims[1], dims[2]));
        for (int i = 0; i < n; i++)
        {
            float px = points[3 * i], py = points[3 * i + 1], pz = points[3 * i + 2];
            int cx = CellIndex(px, lo[0], cell, dims[0]), cy = CellIndex(py, lo[1], cell, dims[1]), cz = CellIndex(pz, lo[2], cell, dims[2]);
            int found = 0;
            for (int r = 0; r <= maxRadius; r++)
            {
                for (int z = cz - r; z <= cz + r; z++)
                {
                    if ((uint)z >= (uint)dims[2]) continue;
                    for (int y = cy - r; y <= cy + r; y++)
                    {
                        if ((uint)y >= (uint)dims[1]) continue;
                        bool onShellYZ = Math.Abs(z - cz) == r || Math.Abs(y - cy) == r;
                        // Inside the shell only the two x faces are new; on a y or z face the whole row is.
                        int step = onShellYZ || r == 0 ? 1 : 2 * r;
                        for (int x = cx - r; x <= cx + r; x += step)
                        {
                            if ((uint)x >= (uint)dims[0]) continue;
                            int c = (z * dims[1] + y) * dims[0] + x;
                            for (int s = start[c]; s < start[c + 1]; s++)
                            {
                                int j = order[s];
                                if (j == i) continue;
                                measured++;
                                float dx = points[3 * j] - px, dy = points[3 * j + 1] - py, dz = points[3 * j + 2] - pz;
                                Insert(best, ref found, dx * dx + dy * dy + dz * dz);
                            }
                        }
                    }
                }
                // Unscanned cells lie ≥ r·cell away along some axis from any point of the centre cell.
                float reach = r * cell * (1f - 1e-5f); // margin for float rounding of the cell index
                if (found == k && best[k - 1] <= reach * reach) break;
            }
            float sum = 0;
            for (int m = 0; m < found; m++) sum += best[m];
            meanSquaredDistance[i] = found > 0 ? sum / found : 0f;
        }
        return measured;
    }

    private static int CellIndex(float v, float lo, float cell, int dim) => Math.Clamp((int)((v - lo) / cell), 0, dim - 1);

    private static void Insert(float[] best, ref int found, float d)
    {
        int k = best.Length;
        if (found == k && d >= best[k - 1]) return;
        int at = found < k ? found++ : k - 1;
        while (at > 0 && best[at - 1] > d)
        {
            best[at] = best[at - 1];
            at--;
        }
        best[at] = d;
    }
}
