using SixLabors.ImageSharp;
using TalkingGaussian.Media;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Data;

/// <summary>
/// A talking-head dataset folder in the original's format (shared/reference/original-code.md §1–2), opened for training:
/// per-frame metadata (cameras, landmarks, AU scalars) for both splits in memory, audio features [N, C, T], and frame
/// images decoded on demand through a <see cref="FrameCache"/> with a RAM budget.
/// </summary>
public sealed class TalkingDataset : IDisposable
{
    private TalkingDataset(DatasetFiles files, DatasetOptions options, PlanarImage background, double focal,
        ActionUnitFeatures actionUnits, AudioFeatureArray audio, TalkingSplit train, TalkingSplit val)
    {
        Files = files;
        Options = options;
        Background = background;
        FocalLength = focal;
        ActionUnits = actionUnits;
        Audio = audio;
        Train = train;
        Val = val;
        var decoder = new FrameDecoder(files, background);
        Cache = new FrameCache(decoder.Decode, options.CacheBudgetBytes, options.PrefetchDepth);
    }

    /// <summary>File paths of the folder.</summary>
    public DatasetFiles Files { get; }

    /// <summary>The options it was opened with.</summary>
    public DatasetOptions Options { get; }

    /// <summary>bc.jpg as RGB [3, H, W].</summary>
    public PlanarImage Background { get; }

    /// <summary>Frame width.</summary>
    public int Width => Background.Width;

    /// <summary>Frame height.</summary>
    public int Height => Background.Height;

    /// <summary>focal_len of transforms_train.json (pixels).</summary>
    public double FocalLength { get; }

    /// <summary>AU-derived features (percentiles over every row of au.csv).</summary>
    public ActionUnitFeatures ActionUnits { get; }

    /// <summary>Audio features [N, C, T].</summary>
    public AudioFeatureArray Audio { get; }

    /// <summary>transforms_train.json frames.</summary>
    public TalkingSplit Train { get; }

    /// <summary>transforms_val.json frames.</summary>
    public TalkingSplit Val { get; }

    /// <summary>The decoded-frame cache (budget, accounted bytes, hits).</summary>
    public FrameCache Cache { get; }

    /// <summary>The split's frames.</summary>
    public TalkingSplit this[DatasetSplit split] => split == DatasetSplit.Train ? Train : Val;

    /// <summary>Opens <paramref name="root"/>; with <see cref="DatasetOptions.Validate"/> it first refuses a dataset with problems.</summary>
    /// <exception cref="DatasetInvalidException">Validation found problems (all are listed).</exception>
    public static TalkingDataset Open(string root, DatasetOptions? options = null)
    {
        options ??= new DatasetOptions();
        if (options.Validate) DatasetValidator.EnsureValid(root, options.AudioExtractor);
        var files = new DatasetFiles(root);
        var background = ImageIO.Load(files.Background, 3);
        var table = ActionUnitTable.Read(files.ActionUnits);
        var au = new ActionUnitFeatures(table);
        var audio = AudioFeatureArray.Read(files.AudioFeatures(options.AudioExtractor));
        var trainFile = TransformsFile.Read(files.Transforms(DatasetSplit.Train));
        var valFile = TransformsFile.Read(files.Transforms(DatasetSplit.Val));
        var (w, h) = FrameSize(files, trainFile, background);
        var train = LoadSplit(files, DatasetSplit.Train, trainFile, au, w, h);
        var val = LoadSplit(files, DatasetSplit.Val, valFile, au, w, h);
        return new TalkingDataset(files, options, background, trainFile.FocalLength, au, audio, train, val);
    }

    /// <summary>The decoded images of <paramref name="frame"/> (cached).</summary>
    public FrameImages Images(TalkingFrame frame) => Cache.Get(frame.ImgId);

    /// <summary>The 8-row audio window [8, C, T] of <paramref name="frame"/> (rows img_id−4 … img_id+3, zero-padded).</summary>
    public float[] AudioWindow(TalkingFrame frame) => Audio.Window(frame.ImgId);

    /// <summary>Writes the audio window of <paramref name="frame"/> into <paramref name="into"/> [8, C, T] (no allocation).</summary>
    public void AudioWindow(TalkingFrame frame, Span<float> into) => Audio.Window(frame.ImgId, into);

    /// <summary>Frames with their images in <paramref name="order"/>, decoding ahead in the background within the budget.</summary>
    public IEnumerable<(TalkingFrame Frame, FrameImages Images)> Iterate(IReadOnlyList<TalkingFrame> order)
    {
        int k = 0;
        foreach (var images in Cache.Iterate(order.Select(f => f.ImgId).ToArray()))
            yield return (order[k++], images);
    }

    private static (int W, int H) FrameSize(DatasetFiles files, TransformsFile train, PlanarImage background)
    {
        if (train.Frames.Count == 0) return (background.Width, background.Height);
        var info = Image.Identify(files.GroundTruth(train.Frames[0].ImgId));
        return info is null ? (background.Width, background.Height) : (info.Width, info.Height);
    }

    private static TalkingSplit LoadSplit(DatasetFiles files, DatasetSplit split, TransformsFile file, ActionUnitFeatures au, int width, int height)
    {
        var frames = new List<TalkingFrame>(file.Frames.Count);
        for (int k = 0; k < file.Frames.Count; k++)
        {
            var f = file.Frames[k];
            var lms = FaceLandmarks.Read(files.Landmarks(f.ImgId));
            frames.Add(new TalkingFrame
            {
                Split = split,
                Index = k,
                ImgId = f.ImgId,
                TransformMatrix = f.TransformMatrix,
                Camera = Camera.FromTransformMatrix(f.TransformMatrix, file.FocalLength, width, height),
                Landmarks = lms,
                Lips = LipsRectangle.From(lms),
                MouthOpening = LipsRectangle.MouthOpening(lms),
                Blink = au.Blink(f.ImgId),
                Au25 = au.Au25(f.ImgId),
                Expression = au.Expression(f.ImgId),
            });
        }
        int min = frames.Count == 0 ? 0 : frames.Min(f => f.MouthOpening);
        int max = frames.Count == 0 ? 0 : frames.Max(f => f.MouthOpening);
        return new TalkingSplit(split, frames, min, max);
    }

    /// <summary>Stops prefetching and frees the cache.</summary>
    public void Dispose() => Cache.Dispose();
}
