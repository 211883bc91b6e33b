using TalkingGaussian.Data;
using TalkingGaussian.Evaluation;
using TalkingGaussian.Media;

namespace TalkingGaussian.Inference;

/// <summary>
/// Ground-truth frames shown beside a render (the side-by-side video), read in order one at a time and resampled to the
/// output size: either a dataset's <c>gt_imgs/&lt;img_id&gt;.jpg</c> for given img_ids (self-reconstruction of a split), or
/// any video, frame folder or dataset folder (<see cref="FrameSequence"/>). Past the truth's end frames are black.
/// </summary>
public sealed class TruthFrames : IDisposable
{
    private readonly FrameSequence? _sequence;
    private readonly DatasetFiles? _files;
    private readonly IReadOnlyList<int>? _imgIds;
    private readonly float[]? _sequenceFrame;
    private int _next;

    private TruthFrames(string source, FrameSequence? sequence, DatasetFiles? files, IReadOnlyList<int>? imgIds, int width, int height)
    {
        Source = source;
        _sequence = sequence;
        _files = files;
        _imgIds = imgIds;
        Width = width;
        Height = height;
        if (sequence is not null) _sequenceFrame = new float[3 * sequence.Width * sequence.Height];
    }

    /// <summary>Where the frames come from.</summary>
    public string Source { get; }

    /// <summary>Output width.</summary>
    public int Width { get; }

    /// <summary>Output height.</summary>
    public int Height { get; }

    /// <summary>Frames asked for after the truth ended (shown black).</summary>
    public int Missing { get; private set; }

    /// <summary>The recorded frames <paramref name="imgIds"/> of a dataset.</summary>
    public static TruthFrames FromDataset(DatasetFiles files, IReadOnlyList<int> imgIds, int width, int height) =>
        new($"{files.Root}/gt_imgs", null, files, imgIds, width, height);

    /// <summary>A video file, a frame folder or a dataset folder.</summary>
    /// <exception cref="InvalidDataException">Nothing readable at <paramref name="path"/>.</exception>
    public static TruthFrames Open(string path, int width, int height)
    {
        try
        {
            return new TruthFrames(path, FrameSequence.Open(path), null, null, width, height);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    /// <summary>Writes the next frame into <paramref name="rgb"/> [3, H, W]; black once the truth has ended.</summary>
    public void Next(Span<float> rgb)
    {
        int k = _next++;
        if (_imgIds is not null)
        {
            if (k < _imgIds.Count)
            {
                string path = _files!.GroundTruth(_imgIds[k]);
                if (!File.Exists(path)) throw new InvalidDataException($"{path}: missing; the side-by-side video shows it beside frame {k}.");
                PlanarResize.Bilinear(ImageIO.Load(path, 3), Width, Height, rgb);
                return;
            }
        }
        else if (_sequence!.Read(_sequenceFrame))
        {
            PlanarResize.Bilinear(new PlanarImage(_sequence.Width, _sequence.Height, 3, _sequenceFrame!), Width, Height, rgb);
            return;
        }
        rgb.Clear();
        Missing++;
    }

    /// <inheritdoc />
    public void Dispose() => _sequence?.Dispose();
}
