namespace TalkingGaussian.Data;

/// <summary>
/// The square lips crop of a frame (shared/reference/original-code.md §2.2), used as <c>img[:, RowStart:RowEnd, ColStart:ColEnd]</c>.
/// From the outer-lip points 48–59: the truncated bounding box, its integer centre, and half the larger side.
/// </summary>
public readonly record struct LipsRectangle(int RowStart, int RowEnd, int ColStart, int ColEnd)
{
    /// <summary>The rectangle of <paramref name="landmarks"/>.</summary>
    public static LipsRectangle From(FaceLandmarks landmarks)
    {
        float minX = float.MaxValue, maxX = float.MinValue, minY = float.MaxValue, maxY = float.MinValue;
        for (int i = 48; i < 60; i++)
        {
            minX = MathF.Min(minX, landmarks.X(i));
            maxX = MathF.Max(maxX, landmarks.X(i));
            minY = MathF.Min(minY, landmarks.Y(i));
            maxY = MathF.Max(maxY, landmarks.Y(i));
        }
        // int() truncates toward zero, as Python's int() does.
        int rmin = (int)minY, rmax = (int)maxY, cmin = (int)minX, cmax = (int)maxX;
        int rc = FloorDiv(rmin + rmax, 2), cc = FloorDiv(cmin + cmax, 2);
        int l = FloorDiv(Math.Max(rmax - rmin, cmax - cmin), 2);
        return new LipsRectangle(rc - l, rc + l, cc - l, cc + l);
    }

    /// <summary>Mouth opening in pixels from the inner-lip points 60–67: int(max y) − int(min y).</summary>
    public static int MouthOpening(FaceLandmarks landmarks)
    {
        float minY = float.MaxValue, maxY = float.MinValue;
        for (int i = 60; i < 68; i++)
        {
            minY = MathF.Min(minY, landmarks.Y(i));
            maxY = MathF.Max(maxY, landmarks.Y(i));
        }
        return (int)maxY - (int)minY;
    }

    private static int FloorDiv(int a, int b) => (int)Math.Floor(a / (double)b);
}
