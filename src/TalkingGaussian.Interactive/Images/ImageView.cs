using TalkingGaussian.Media;

namespace TalkingGaussian.Interactive.Images;

/// <summary>
/// An image shown inline as a PNG data URI, with an optional label under it. Input is the library's layout: planar
/// float [C, H, W] in [0, 1] (C = 1 grey, 3 RGB, 4 RGBA); values outside [0, 1] are clamped.
/// <c>scale</c> enlarges small renders with crisp (nearest-neighbour) pixels.
/// </summary>
public sealed class ImageView : HtmlView
{
    private ImageView(string html, byte[] png, int width, int height) : base(html)
    {
        Png = png;
        Width = width;
        Height = height;
    }

    /// <summary>The encoded PNG.</summary>
    public byte[] Png { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Shows planar [C, H, W] pixels; C is inferred from the length (1, 3 or 4 planes).</summary>
    public static ImageView Of(ReadOnlySpan<float> planar, int width, int height, string? label = null, int scale = 0)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Image size must be positive, got {width}×{height}.");
        int plane = width * height;
        int channels = planar.Length / plane;
        if (channels is not (1 or 3 or 4) || planar.Length != channels * plane)
            throw new ArgumentException(
                $"A {width}×{height} image needs 1, 3 or 4 planes ({plane}, {3 * plane} or {4 * plane} floats); got {planar.Length}.", nameof(planar));
        var png = ImageIO.EncodePng(planar, width, height, channels);
        int shownScale = scale > 0 ? scale : Math.Max(1, 256 / Math.Max(width, height));
        string img = $"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" width=\"{width * shownScale}\" height=\"{height * shownScale}\" " +
                     "style=\"image-rendering:pixelated;border:1px solid #ccc\" alt=\"" + HtmlText.Encode(label ?? "image") + "\"/>";
        string html = "<figure style=\"display:inline-block;margin:4px;text-align:center\">" + img +
                      (label is null ? "" : "<figcaption style=\"font:12px sans-serif\">" + HtmlText.Encode(label) + "</figcaption>") + "</figure>";
        return new ImageView(html, png, width, height);
    }

    /// <summary>Shows a <see cref="PlanarImage"/>.</summary>
    public static ImageView Of(PlanarImage image, string? label = null, int scale = 0) =>
        Of(image.Pixels.AsSpan(0, image.Channels * image.Width * image.Height), image.Width, image.Height, label, scale);
}
