using TalkingGaussian.Data;
using TalkingGaussian.Motion;
using TalkingGaussian.Rendering;
using TalkingGaussian.Training.Sampling;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training.Stages;

/// <summary>
/// Colour fine-tuning of the fused talking head (paper §3.4, Eq. 8 and 11; released <c>train_fuse.py</c>,
/// original-code.md §5.3): both branches deformed by their (frozen) motion fields and rendered on black, the face laid over
/// the mouth over the frame's torso-and-background plate (<see cref="FaceMouthFusion"/>), compared with the whole frame.
/// Only colours train (and, as released, the face's opacity); no densification; frames are drawn uniformly.
/// </summary>
public sealed class FuseStage : IStageRunner
{
    private static readonly RasterSettings OnBlack = new() { Background = (0f, 0f, 0f) };
    private readonly TrainingContext _ctx;
    private readonly FuseStageSettings _s;
    private readonly TrainingState _state;
    private readonly BranchRenderer _face, _mouth;
    private readonly int _lpipsFrom;
    private readonly float[] _head, _mouthLayer, _dHead, _dFaceColor, _dFaceAlpha, _dMouthColor, _dMouthAlpha;
    private readonly StepRecord _record = new();
    private readonly FrameConditions _conditions;

    /// <summary>Sets up the stage; the face and mouth stages must have run.</summary>
    public FuseStage(TrainingContext context, TrainingState state)
    {
        _ctx = context;
        _s = context.Settings.Fuse;
        _state = state;
        Iterations = _s.Iterations;
        _lpipsFrom = StageFraction.Of(_s.LpipsFromFraction, Iterations);
        var face = state.RequireFace();
        var mouth = state.RequireMouth();
        face.ActiveShDegree = face.ShDegree;
        mouth.ActiveShDegree = mouth.ShDegree;
        state.FaceGaussians!.SetTrainable(geometry: false, opacity: _s.TrainFaceOpacity, color: true);
        state.MouthGaussians!.SetTrainable(geometry: false, opacity: false, color: true);
        _face = new BranchRenderer(face, state.FaceField, MotionBackends.Create(context.Device, state.FaceField, context.MotionBackend), context.Rasterizers());
        _mouth = new BranchRenderer(mouth, state.MouthField, MotionBackends.Create(context.Device, state.MouthField, context.MotionBackend), context.Rasterizers());
        Sampler = new IncrementalSampler(context.Dataset.Train.Frames, [], new FrameMetrics(), new TrainingRandom(context.SeedFor("fuse.sampler")));
        Random = new TrainingRandom(context.SeedFor("fuse.draws"));
        int plane = context.Width * context.Height;
        _head = new float[3 * plane];
        _mouthLayer = new float[3 * plane];
        _dHead = new float[3 * plane];
        _dFaceColor = new float[3 * plane];
        _dFaceAlpha = new float[plane];
        _dMouthColor = new float[3 * plane];
        _dMouthAlpha = new float[plane];
        _conditions = new FrameConditions(context.Dataset);
    }

    /// <inheritdoc />
    public TrainingStage Stage => TrainingStage.Fuse;

    /// <inheritdoc />
    public int Iterations { get; }

    /// <inheritdoc />
    public IncrementalSampler Sampler { get; }

    /// <inheritdoc />
    public TrainingRandom Random { get; }

    /// <inheritdoc />
    public StepRecord Step(int it)
    {
        var rec = _record;
        rec.Begin(Stage, it);
        var timer = rec.Timer;
        int w = _ctx.Width, h = _ctx.Height;
        var sample = Sampler.Next(it);
        var frame = sample.Frame;
        if (Sampler.Upcoming is { } next) _ctx.Dataset.Cache.Prefetch(next.ImgId); // decoded in the background during this step
        var images = _ctx.Dataset.Images(frame);
        rec.Sample = sample;
        rec.Deformed = true;
        timer.Lap(StepPhase.Data);

        var conditions = _conditions.Load(frame);
        var face = _face.Forward(_state.FaceMotion!.Parameters, conditions.Face, frame.Camera, OnBlack,
            withAttention: false, saveContext: false, timer);
        var mouth = _mouth.Forward(_state.MouthMotion!.Parameters, conditions.Mouth, frame.Camera, OnBlack,
            withAttention: false, saveContext: false, timer);
        FaceMouthFusion.Forward(face.Color, face.Alpha, mouth.Color, mouth.Alpha, images.TorsoPlate.Pixels, _mouthLayer, _head);

        Array.Clear(_dHead);
        var gt = images.GroundTruth.Pixels;
        var photo = _ctx.Photometric.Evaluate(_head, gt, w, h, _ctx.Settings.SsimWeight, _dHead);
        rec.Add("l1", photo.L1);
        rec.Add("dssim", _ctx.Settings.SsimWeight * photo.DSsim);
        rec.Psnr = StageImages.Psnr(_head, gt);
        if (it > _lpipsFrom && _ctx.Perceptual is { } perceptual)
        {
            int p = 2 * Random.NextInt(_s.PatchSizeMin / 2, _s.PatchSizeMax / 2 + 1);
            rec.Add("lpips", perceptual.PatchMean(_head, gt, w, h, p, _s.PatchLpipsWeight, _dHead));
        }
        FaceMouthFusion.Backward(_dHead, face.Alpha, images.TorsoPlate.Pixels, _mouthLayer, _dFaceColor, _dFaceAlpha, _dMouthColor, _dMouthAlpha);
        timer.Lap(StepPhase.Loss);

        var faceOptimizer = _state.FaceGaussians!;
        var mouthOptimizer = _state.MouthGaussians!;
        faceOptimizer.ZeroGradients();
        mouthOptimizer.ZeroGradients();
        _face.Backward(_dFaceColor, _dFaceAlpha, [], faceOptimizer, null, null, timer);
        _mouth.Backward(_dMouthColor, _dMouthAlpha, [], mouthOptimizer, null, null, timer);
        faceOptimizer.Step(it);
        mouthOptimizer.Step(it);
        timer.Lap(StepPhase.Optimizer);
        rec.FaceGaussians = faceOptimizer.Field.Count;
        rec.MouthGaussians = mouthOptimizer.Field.Count;
        return rec;
    }

    /// <inheritdoc />
    /// <remarks>The fused head over the frame's plate against the whole frame.</remarks>
    public void RenderForValidation(int iteration, TalkingFrame frame, FrameImages images, float[] image, float[] target)
    {
        var conditions = _conditions.Load(frame);
        var face = _face.Forward(_state.FaceMotion!.Parameters, conditions.Face, frame.Camera, OnBlack, false, false);
        var mouth = _mouth.Forward(_state.MouthMotion!.Parameters, conditions.Mouth, frame.Camera, OnBlack, false, false);
        FaceMouthFusion.Forward(face.Color, face.Alpha, mouth.Color, mouth.Alpha, images.TorsoPlate.Pixels, _mouthLayer, image);
        images.GroundTruth.Pixels.CopyTo(target, 0);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _face.Dispose();
        _mouth.Dispose();
    }
}
