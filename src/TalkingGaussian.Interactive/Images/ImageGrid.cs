namespace TalkingGaussian.Interactive.Images;

/// <summary>Images side by side in rows of <c>columns</c>, each with its label (renders, targets, error maps).</summary>
public sealed class ImageGrid : HtmlView
{
    private ImageGrid(string html, int count) : base(html) => Count = count;

    /// <summary>Number of images in the grid.</summary>
    public int Count { get; }

    /// <summary>Lays out <paramref name="images"/> in rows of <paramref name="columns"/>.</summary>
    public static ImageGrid Of(IReadOnlyList<ImageView> images, int columns = 4)
    {
        if (images.Count == 0) throw new ArgumentException("An image grid needs at least one image.", nameof(images));
        if (columns <= 0) throw new ArgumentOutOfRangeException(nameof(columns), "columns must be positive.");
        var html = new System.Text.StringBuilder(
            $"<div style=\"display:grid;grid-template-columns:repeat({Math.Min(columns, images.Count)},max-content);gap:4px\">");
        foreach (var image in images) html.Append("<div>").Append(image.Html).Append("</div>");
        html.Append("</div>");
        return new ImageGrid(html.ToString(), images.Count);
    }
}
