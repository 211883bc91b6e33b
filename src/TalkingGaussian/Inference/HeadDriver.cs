using TalkingGaussian.Compute;
using TalkingGaussian.Model;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Inference;

/// <summary>
/// Drives a trained talking head frame by frame, as inference does (paper §3, original-code.md §6.1): output frame k takes
/// the audio window k (<see cref="DrivingAudio"/>), the pose, expression and torso plate of the pose track's frame
/// (<see cref="PoseTrack"/>, ping-pong), the blink of the <see cref="BlinkTrack"/> as its AU45, and renders both branches
/// and their fusion (Eq. 8) with <see cref="TalkingHeadRenderer"/>. The per-frame buffers are reused.
/// </summary>
public sealed class HeadDriver : IDisposable
{
    private readonly TalkingHeadRenderer _renderer;
    private readonly float[] _window, _expression = new float[6], _plate;

    /// <summary>Drives <paramref name="model"/> on <paramref name="device"/>, rendering at the size of <paramref name="plates"/>.</summary>
    public HeadDriver(TalkingHeadModel model, DrivingAudio audio, PoseTrack poses, BlinkTrack blink, FramePlates plates, ComputeDevice device)
    {
        if (audio.Features.WindowLength != model.FaceField.Settings.Audio.WindowLength)
            throw new ArgumentException($"The audio windows have {audio.Features.WindowLength} floats; the model reads {model.FaceField.Settings.Audio.WindowLength}.", nameof(audio));
        Model = model;
        Audio = audio;
        Poses = poses;
        Blink = blink;
        Plates = plates;
        _renderer = new TalkingHeadRenderer(model, device);
        _window = new float[audio.Features.WindowLength];
        _plate = new float[3 * plates.Width * plates.Height];
    }

    /// <summary>The model.</summary>
    public TalkingHeadModel Model { get; }

    /// <summary>The driving audio.</summary>
    public DrivingAudio Audio { get; }

    /// <summary>The pose track.</summary>
    public PoseTrack Poses { get; }

    /// <summary>The blinks.</summary>
    public BlinkTrack Blink { get; }

    /// <summary>The plates (their size is the output size).</summary>
    public FramePlates Plates { get; }

    /// <summary>Output frames: one per audio window.</summary>
    public int Frames => Audio.Frames;

    /// <summary>Output width.</summary>
    public int Width => Plates.Width;

    /// <summary>Output height.</summary>
    public int Height => Plates.Height;

    /// <summary>The camera of output frame <paramref name="k"/>.</summary>
    public Camera Camera(int k) => Poses.Camera(k, Width, Height);

    /// <summary>
    /// The expression vector of output frame <paramref name="k"/>: the pose frame's, with AU45 from the blink track.
    /// Written into a buffer the driver owns (overwritten by the next call).
    /// </summary>
    public float[] Expression(int k)
    {
        var pose = Poses.At(k);
        pose.Expression.CopyTo(_expression, 0);
        _expression[5] = Blink.Au45(k, pose.Expression[5]);
        return _expression;
    }

    /// <summary>The audio window of output frame <paramref name="k"/> (a buffer the driver owns).</summary>
    public float[] Window(int k)
    {
        Audio.Window(k, _window);
        return _window;
    }

    /// <summary>Renders output frame <paramref name="k"/> (the images belong to the driver until the next call).</summary>
    public HeadImages Render(int k, HeadRenderTimes? times = null)
    {
        Plates.Write(Poses.At(k).ImgId, _plate);
        return _renderer.Render(Window(k), Expression(k), Camera(k), _plate, times);
    }

    /// <inheritdoc />
    public void Dispose() => _renderer.Dispose();
}
