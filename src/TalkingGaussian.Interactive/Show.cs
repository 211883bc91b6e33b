using TalkingGaussian.Interactive.Charts;
using TalkingGaussian.Interactive.Clouds;
using TalkingGaussian.Interactive.Images;
using TalkingGaussian.Interactive.Tables;
using TalkingGaussian.Interactive.Video;
using TalkingGaussian.Media;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Interactive;

/// <summary>
/// The one entry point notebooks use: each method returns a view that displays when it is a cell's last expression
/// (or when passed to <c>display(...)</c>). Every method forwards to the type named in its summary.
/// </summary>
public static class Show
{
    /// <summary>A planar [C, H, W] image in [0, 1] (<see cref="ImageView"/>).</summary>
    public static ImageView Image(ReadOnlySpan<float> planar, int width, int height, string? label = null, int scale = 0) =>
        ImageView.Of(planar, width, height, label, scale);

    /// <summary>A <see cref="PlanarImage"/> (<see cref="ImageView"/>).</summary>
    public static ImageView Image(PlanarImage image, string? label = null, int scale = 0) => ImageView.Of(image, label, scale);

    /// <summary>The colour and opacity A(x) images of a forward pass, side by side.</summary>
    public static ImageGrid Render(RasterOutput output, string label = "render", int scale = 0) => ImageGrid.Of(
    [
        ImageView.Of(output.Color.AsSpan(0, 3 * output.Width * output.Height), output.Width, output.Height, $"{label}: C(x)", scale),
        ImageView.Of(output.Alpha.AsSpan(0, output.Width * output.Height), output.Width, output.Height, $"{label}: A(x)", scale),
    ]);

    /// <summary>Labelled images in a grid (<see cref="ImageGrid"/>).</summary>
    public static ImageGrid Grid(IReadOnlyList<ImageView> images, int columns = 4) => ImageGrid.Of(images, columns);

    /// <summary>Frames as an inline looping video (<see cref="VideoView"/>, WebM through ffmpeg).</summary>
    public static VideoView Video(IReadOnlyList<float[]> frames, int width, int height, double fps = 25, string? label = null, int scale = 0) =>
        VideoView.Of(frames, width, height, fps, label, scale);

    /// <summary>A video file with its sound, e.g. an MP4 of <c>tg render</c> (<see cref="VideoView.OfFile"/>, re-encoded to WebM).</summary>
    public static VideoView VideoFile(string path, string? label = null, int width = 0) => VideoView.OfFile(path, label, width);

    /// <summary>Gaussian means coloured by colour in an interactive 3D scatter (<see cref="GaussianCloud"/>).</summary>
    public static ChartView Cloud(RasterInputs gaussians, string title = "Gaussian means", int maxPoints = 20000) =>
        GaussianCloud.Show(gaussians, title, maxPoints);

    /// <summary>A line chart of one curve over its index, e.g. a loss curve (<see cref="Chart.Line"/>).</summary>
    public static ChartView Line(IEnumerable<double> y, string title = "", string xTitle = "step", string yTitle = "", bool logY = false) =>
        Chart.Line(y, title, xTitle, yTitle, logY);

    /// <summary>Several named curves (<see cref="Chart.Lines"/>).</summary>
    public static ChartView Lines(IReadOnlyList<LineSeries> series, string title = "", string xTitle = "", string yTitle = "", bool logY = false) =>
        Chart.Lines(series, title, xTitle, yTitle, logY);

    /// <summary>
    /// The incremental sampler's window (Eq. 5) with sliders for B_lower, B_upper, T, K and k over frames' metric values
    /// (<see cref="SamplingWindowExplorer"/>).
    /// </summary>
    public static ChartView SamplingWindow(IReadOnlyList<int> imgIds, IReadOnlyList<double> metric, TalkingGaussian.Training.Sampling.SamplingWindow window,
        int iterations, int iteration = 0, string? metricName = null) =>
        SamplingWindowExplorer.Create(imgIds, metric, window, iterations, iteration, metricName);

    /// <summary>A sampler window's bounds over its stage and the frames it admits (<see cref="SamplingWindowSchedule"/>).</summary>
    public static ChartView WindowSchedule(TalkingGaussian.Training.Sampling.SamplingWindow window, IReadOnlyList<double> metric, string? metricName = null) =>
        SamplingWindowSchedule.Create(window, metric, metricName);

    /// <summary>A heat map of an [H, W] plane (<see cref="Chart.Heatmap"/>).</summary>
    public static ChartView Heatmap(ReadOnlySpan<float> plane, int width, int height, string title = "", string colorScale = "viridis") =>
        Chart.Heatmap(plane, width, height, title, colorScale);

    /// <summary>A small matrix with a caption (<see cref="MatrixView"/>).</summary>
    public static MatrixView Matrix(double[,] matrix, string? label = null, string format = "F4") => MatrixView.Of(matrix, label, format);

    /// <summary>Views side by side in one output (matrices, images, tables).</summary>
    public static HtmlView Row(params HtmlView[] views) =>
        new("<div style=\"display:flex;flex-wrap:wrap;align-items:flex-start;gap:8px\">" + string.Concat(views.Select(v => v.Html)) + "</div>");

    /// <summary>A table of numbers and strings (<see cref="TableView"/>).</summary>
    public static TableView Table(string[] columns, IEnumerable<object?[]> rows, string numberFormat = "G4") =>
        TableView.Of(columns, rows, numberFormat);
}
