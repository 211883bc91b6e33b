using TalkingGaussian.Data;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Inference;

/// <summary>
/// The head poses, expressions and torso plates a rendered video replays (original-code.md §6.1: inference takes them
/// from the recorded frames of a split). When the audio is longer than the track, the track is played forward and
/// backward (<see cref="PingPong"/>) instead of stopping where the released code truncates the output.
/// </summary>
public sealed class PoseTrack
{
    /// <summary>A track of <paramref name="frames"/> whose cameras have focal length <paramref name="focalLength"/> at <paramref name="width"/>×<paramref name="height"/>.</summary>
    public PoseTrack(string source, IReadOnlyList<PoseFrame> frames, double focalLength, int width, int height)
    {
        if (frames.Count == 0) throw new ArgumentException($"{source}: the pose track has no frames.", nameof(frames));
        if (!(focalLength > 0)) throw new ArgumentOutOfRangeException(nameof(focalLength), $"{source}: focal length must be positive, got {focalLength}.");
        Source = source;
        Frames = frames;
        FocalLength = focalLength;
        Width = width;
        Height = height;
    }

    /// <summary>Where the track came from (for messages).</summary>
    public string Source { get; }

    /// <summary>The recorded frames in order.</summary>
    public IReadOnlyList<PoseFrame> Frames { get; }

    /// <summary>focal_len in pixels at <see cref="Width"/>×<see cref="Height"/>.</summary>
    public double FocalLength { get; }

    /// <summary>Frame width the focal length belongs to.</summary>
    public int Width { get; }

    /// <summary>Frame height the focal length belongs to.</summary>
    public int Height { get; }

    /// <summary>The pose of output frame <paramref name="k"/> (ping-pong over the track).</summary>
    public PoseFrame At(int k) => Frames[PingPong(k, Frames.Count)];

    /// <summary>
    /// The camera of output frame <paramref name="k"/> rendering at <paramref name="width"/>×<paramref name="height"/>: the
    /// track's focal length scaled by width / <see cref="Width"/>, so a different output size shows the same view.
    /// </summary>
    public Camera Camera(int k, int width, int height) =>
        Rendering.Camera.FromTransformMatrix(At(k).TransformMatrix, FocalLength * width / Width, width, height);

    /// <summary>
    /// The track index of output frame <paramref name="k"/> for a track of <paramref name="count"/> frames:
    /// 0, 1, …, n−1, n−2, …, 1, 0, 1, … (period 2n − 2; the turning frames are not repeated, so the motion never stalls).
    /// </summary>
    public static int PingPong(int k, int count)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), "A track needs at least one frame.");
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k), $"Frame index must be 0 or more, got {k}.");
        if (count == 1) return 0;
        int period = 2 * count - 2;
        int m = k % period;
        return m < count ? m : period - m;
    }

    /// <summary>
    /// The frames of <paramref name="split"/> of a dataset: cameras from its transforms file, expressions from its au.csv
    /// rows by img_id (as the trainer reads them).
    /// </summary>
    /// <exception cref="InvalidDataException">A file is missing or does not fit the others; the message names it.</exception>
    public static PoseTrack FromSplit(DatasetFiles files, DatasetSplit split, int width, int height) =>
        FromFile(files.Transforms(split), files, width, height, $"the {split.ToString().ToLowerInvariant()} split of {files.Root}");

    /// <summary>
    /// A transforms file in the dataset format (<c>transforms_*.json</c>): its cameras, and per frame the expression of
    /// <paramref name="files"/>' au.csv row img_id, so the file's img_ids must be frames of that dataset.
    /// </summary>
    /// <exception cref="InvalidDataException">The file cannot be read or names a frame the dataset lacks.</exception>
    public static PoseTrack FromFile(string transformsPath, DatasetFiles files, int width, int height, string? source = null)
    {
        source ??= transformsPath;
        TransformsFile transforms;
        ActionUnitFeatures actionUnits;
        try
        {
            transforms = TransformsFile.Read(transformsPath);
            actionUnits = new ActionUnitFeatures(ActionUnitTable.Read(files.ActionUnits));
        }
        catch (Exception e) when (e is FileNotFoundException or KeyNotFoundException)
        {
            throw new InvalidDataException(e.Message, e);
        }
        if (transforms.Frames.Count == 0)
            throw new InvalidDataException($"{transformsPath}: 'frames' is empty. A pose track needs at least one frame.");
        var frames = new PoseFrame[transforms.Frames.Count];
        for (int k = 0; k < frames.Length; k++)
        {
            var f = transforms.Frames[k];
            if (f.ImgId < 0 || f.ImgId >= actionUnits.RowCount)
                throw new InvalidDataException(
                    $"{transformsPath}: frames[{k}] has img_id {f.ImgId}, but {files.ActionUnits} has rows 0–{actionUnits.RowCount - 1}. " +
                    "Each frame's img_id picks the expression and torso of a frame of the model's dataset; use img_ids of that dataset.");
            frames[k] = new PoseFrame(f.ImgId, f.TransformMatrix, actionUnits.Expression(f.ImgId));
        }
        return new PoseTrack(source, frames, transforms.FocalLength, width, height);
    }
}
