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
}
