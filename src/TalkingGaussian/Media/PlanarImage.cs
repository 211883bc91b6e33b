namespace TalkingGaussian.Media;

/// <summary>
/// An image as the library computes with it: planar float channels [C, H, W] in [0, 1], row-major
/// (the layout of <see cref="Rendering.RasterOutput.Color"/>).
/// </summary>
public sealed record PlanarImage(int Width, int Height, int Channels, float[] Pixels)
{
    /// <summary>Creates a zeroed image.</summary>
    public PlanarImage(int width, int height, int channels) : this(width, height, channels, new float[channels * width * height]) { }

    /// <summary>Value of channel <paramref name="c"/> at row <paramref name="y"/>, column <paramref name="x"/>.</summary>
    public float this[int c, int y, int x]
    {
        get => Pixels[(c * Height + y) * Width + x];
        set => Pixels[(c * Height + y) * Width + x] = value;
    }

    /// <summary>One channel as a span [H, W].</summary>
    public Span<float> Channel(int c) => Pixels.AsSpan(c * Width * Height, Width * Height);

    /// <summary>
    /// The <paramref name="width"/>×<paramref name="height"/> region whose top-left pixel is (<paramref name="x"/>,
    /// <paramref name="y"/>), clipped to the image (e.g. a lips rectangle that reaches past the border).
    /// </summary>
    public PlanarImage Crop(int x, int y, int width, int height)
    {
        int x0 = Math.Clamp(x, 0, Width), y0 = Math.Clamp(y, 0, Height);
        int x1 = Math.Clamp(x + width, x0, Width), y1 = Math.Clamp(y + height, y0, Height);
        if (x1 == x0 || y1 == y0) throw new ArgumentException($"The region ({x}, {y}) {width}×{height} lies outside the {Width}×{Height} image.");
        var crop = new PlanarImage(x1 - x0, y1 - y0, Channels);
        for (int c = 0; c < Channels; c++)
            for (int row = y0; row < y1; row++)
                Pixels.AsSpan((c * Height + row) * Width + x0, x1 - x0).CopyTo(crop.Pixels.AsSpan((c * crop.Height + row - y0) * crop.Width, crop.Width));
        return crop;
    }
}
