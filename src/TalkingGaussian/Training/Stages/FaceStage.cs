using TalkingGaussian.Data;
using TalkingGaussian.Gaussians;
using TalkingGaussian.Motion;
using TalkingGaussian.Rendering;
using TalkingGaussian.Training.Losses;
using TalkingGaussian.Training.Sampling;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training.Stages;

/// <summary>
/// The face branch's stage (paper §3.3–3.4; released <c>train_face.py</c>, original-code.md §5.1). Before warm-up ends the
/// Persistent Gaussian Field is fitted alone (static initialisation, Eq. 9); after it the face motion field deforms it
/// (Eq. 4, 6, 10). The target is the frame with everything but face and hair, and the inside mouth, painted the training
/// background. Regularisers: L1 on δ, the opacity mask, and the region attention kept off the lips and hair; LPIPS late in
/// training when a perceptual loss is available. Densification, the green-background prune and the incremental sampler
/// (lips opening, then blink) run on the released schedule scaled to the stage's length.
/// </summary>
public sealed class FaceStage : IStageRunner
{
    private readonly TrainingContext _ctx;
    private readonly FaceStageSettings _s;
    private readonly GaussianFieldOptimizer _gaussians;
    private readonly MotionFieldOptimizer _motion;
    private readonly BranchRenderer _branch;
    private readonly RasterSettings _raster;
    private readonly int _warmUp, _shStep, _hairUntil, _closedFrom, _lpipsFrom, _backgroundFrom;
    private readonly float[] _target, _image, _dColor, _dAlpha, _dAttention, _patchImage, _patchTarget, _patchGradient;
    private readonly bool[] _head, _mouth, _lips, _attentionPixels;
    private readonly GreenGaussianFinder _greenFinder = new();
    private readonly StepRecord _record = new();
    private readonly FrameConditions _conditions;
    private readonly Action<MotionDeltas, MotionDeltas> _deformationLoss;

    /// <summary>Sets up the stage on <paramref name="state"/>, initialising the face branch when it is new.</summary>
    public FaceStage(TrainingContext context, TrainingState state)
    {
        _ctx = context;
        _s = context.Settings.Face;
        Iterations = _s.Iterations;
        _warmUp = StageFraction.Of(_s.WarmUpFraction, Iterations);
        _shStep = Math.Max(1, StageFraction.Of(_s.ShDegreeStepFraction, Iterations));
        _hairUntil = StageFraction.Of(_s.HairMaskUntilFraction, Iterations);
        _closedFrom = StageFraction.Of(_s.ClosedLipsFromFraction, Iterations);
        _lpipsFrom = StageFraction.Of(_s.LpipsFromFraction, Iterations);
        _backgroundFrom = StageFraction.Of(_s.Densification.FromFraction, Iterations);

        if (state.FaceGaussians is null)
        {
            var field = new GaussianInitializer { Count = _s.InitialGaussians, Seed = context.SeedFor("face.init") }.Create();
            state.FaceGaussians = BranchOptimizers.FaceGaussians(context, field);
            var parameters = new float[state.FaceField.ParameterCount];
            state.FaceField.Initialize(parameters, context.SeedFor("face.motion"));
            state.FaceMotion = BranchOptimizers.FaceMotion(context, state, parameters);
        }
        _gaussians = state.FaceGaussians;
        _motion = state.FaceMotion!;
        _branch = new BranchRenderer(_gaussians.Field, state.FaceField, MotionBackends.Create(context.Device, state.FaceField, context.MotionBackend),
            context.Rasterizers(), context.Rasterizers());
        var (r, g, b) = context.Background;
        _raster = new RasterSettings { Background = (r, g, b) };

        var train = context.Dataset.Train;
        Sampler = new IncrementalSampler(train.Frames, SamplerPresets.Face(train, _s.Sampling, Iterations, _warmUp), new FrameMetrics(),
            new TrainingRandom(context.SeedFor("face.sampler")));
        Random = new TrainingRandom(context.SeedFor("face.draws"));

        int plane = context.Width * context.Height;
        _target = new float[3 * plane];
        _image = new float[3 * plane];
        _dColor = new float[3 * plane];
        _dAlpha = new float[plane];
        _dAttention = new float[3 * plane];
        _patchImage = new float[3 * plane];
        _patchTarget = new float[3 * plane];
        _patchGradient = new float[3 * plane];
        _head = new bool[plane];
        _mouth = new bool[plane];
        _lips = new bool[plane];
        _attentionPixels = new bool[plane];
        _conditions = new FrameConditions(context.Dataset);
        _deformationLoss = (deltas, gradient) => _record.Add("deformation", Regularizers.DeformationL1(deltas, _s.DeformationWeight, gradient));
    }

    /// <inheritdoc />
    public TrainingStage Stage => TrainingStage.Face;

    /// <inheritdoc />
    public int Iterations { get; }

    /// <inheritdoc />
    public IncrementalSampler Sampler { get; }

    /// <inheritdoc />
    public TrainingRandom Random { get; }

    /// <summary>The iteration motion learning starts at.</summary>
    public int WarmUp => _warmUp;

    /// <inheritdoc />
    public StepRecord Step(int it)
    {
        var rec = _record;
        rec.Begin(Stage, it);
        var timer = rec.Timer;
        var field = _gaussians.Field;
        int w = _ctx.Width, h = _ctx.Height, plane = w * h;

        var sample = Sampler.Next(it);
        var frame = sample.Frame;
        if (Sampler.Upcoming is { } next) _ctx.Dataset.Cache.Prefetch(next.ImgId); // decoded in the background during this step
        var images = _ctx.Dataset.Images(frame);
        rec.Sample = sample;
        timer.Lap(StepPhase.Data);

        bool deformed = it >= _warmUp;
        bool regularized = it > _warmUp;
        bool hairIteration = it > _warmUp && it < _hairUntil && it % _s.HairMaskInterval != 0;
        rec.Deformed = deformed;
        field.ActiveShDegree = Math.Min(field.ShDegree, it / _shStep);
        var condition = deformed ? _conditions.Load(frame).Face : null;
        if (regularized) AttentionPixels(frame.Lips, images.Masks.Hair, withHair: !hairIteration);
        var output = _branch.Forward(_motion.Parameters, condition, frame.Camera, _raster, withAttention: regularized, saveContext: true, timer,
            attentionPixels: _attentionPixels);

        // Target: face and hair of the frame, everything else and the inside mouth painted the background (closed late in
        // training); with a single shared field the inside mouth stays in the target.
        var masks = images.Masks;
        var bg = _ctx.Background;
        HeadMask(masks);
        StageImages.Masked(images.GroundTruth.Pixels, _head, bg, _target);
        if (!_s.LearnInsideMouth)
        {
            if (it > _closedFrom) MaskMorphology.Close3x3(masks.Mouth, w, h, _mouth);
            else masks.Mouth.CopyTo(_mouth, 0);
            ImageMasks.Paint(_target, _mouth, bg);
        }
        output.Color.AsSpan(0, 3 * plane).CopyTo(_image);
        if (hairIteration)
        {
            ImageMasks.Paint(_image, masks.Hair, bg);
            ImageMasks.Paint(_target, masks.Hair, bg);
        }

        Array.Clear(_dColor);
        Array.Clear(_dAlpha);
        var photo = _ctx.Photometric.Evaluate(_image, _target, w, h, _ctx.Settings.SsimWeight, _dColor);
        rec.Add("l1", photo.L1);
        rec.Add("dssim", _ctx.Settings.SsimWeight * photo.DSsim);
        rec.Psnr = StageImages.Psnr(_image, _target);
        if (regularized)
        {
            rec.Add("alpha", Regularizers.AlphaMask(output.Alpha, _head, _s.AlphaWeight, _dAlpha));
            Array.Clear(_dAttention);
            var attention = _branch.Attention!.Color;
            var audio = attention.AsSpan(0, plane);
            var eye = attention.AsSpan(plane, plane);
            float a = Regularizers.MeanInRectangle(eye, w, h, frame.Lips, _s.AttentionWeight, _dAttention.AsSpan(plane, plane));
            if (!hairIteration)
                a += Regularizers.MeanInMask(eye, masks.Hair, _s.AttentionWeight, _dAttention.AsSpan(plane, plane))
                    + Regularizers.MeanInMask(audio, masks.Hair, _s.AttentionWeight, _dAttention.AsSpan(0, plane));
            rec.Add("attention", a);
        }
        if (it > _lpipsFrom && _ctx.Perceptual is { } perceptual) rec.Add("lpips", Lpips(perceptual, frame.Lips, w, h));
        if (hairIteration) ImageMasks.ZeroWhere(_dColor, masks.Hair);
        timer.Lap(StepPhase.Loss);

        _gaussians.ZeroGradients();
        _motion.ZeroGradients();
        _branch.Backward(_dColor, _dAlpha, regularized ? _dAttention : [], _gaussians, deformed ? _motion : null,
            regularized ? _deformationLoss : null, timer);

        _gaussians.Step(it);
        rec.PositionLearningRate = _gaussians.Adam["xyz"].LearningRate;
        if (deformed)
        {
            _motion.Step(it);
            rec.MotionFactor = _motion.Factor(it);
        }
        timer.Lap(StepPhase.Optimizer);

        Densify(it, frame, output.Radii, rec);
        rec.FaceGaussians = _gaussians.Field.Count;
        timer.Lap(StepPhase.Densification);
        return rec;
    }

    /// <summary>
    /// The attention pixels the regularisers below read: the lips box (‖V_e‖ kept off the lips) and, outside the hair
    /// iterations, the hair (both attentions kept off it). Only these need rendering.
    /// </summary>
    private void AttentionPixels(LipsRectangle lips, bool[] hair, bool withHair)
    {
        ImageMasks.Rectangle(lips, _ctx.Width, _ctx.Height, _attentionPixels);
        if (!withHair) return;
        for (int p = 0; p < _attentionPixels.Length; p++) _attentionPixels[p] |= hair[p];
    }

    /// <inheritdoc />
    /// <remarks>The face branch (deformed once warm-up is over) against the training target: face and hair, the inside mouth painted the background (kept with <see cref="FaceStageSettings.LearnInsideMouth"/>).</remarks>
    public void RenderForValidation(int iteration, TalkingFrame frame, FrameImages images, float[] image, float[] target)
    {
        bool deformed = iteration >= _warmUp;
        var condition = deformed ? _conditions.Load(frame).Face : null;
        var output = _branch.Forward(_motion.Parameters, condition, frame.Camera, _raster, withAttention: false, saveContext: false);
        output.Color.AsSpan(0, image.Length).CopyTo(image);
        var masks = images.Masks;
        HeadMask(masks);
        StageImages.Masked(images.GroundTruth.Pixels, _head, _ctx.Background, target);
        if (!_s.LearnInsideMouth) ImageMasks.Paint(target, masks.Mouth, _ctx.Background);
    }

    /// <summary>What the face branch fits: face OR hair, and the inside mouth too when it is one shared field.</summary>
    private void HeadMask(TalkingMasks masks)
    {
        if (_s.LearnInsideMouth)
            for (int p = 0; p < _head.Length; p++) _head[p] = masks.Face[p] || masks.Hair[p] || masks.Mouth[p];
        else
            for (int p = 0; p < _head.Length; p++) _head[p] = masks.Face[p] || masks.Hair[p];
    }

    /// <summary>
    /// 0.01·LPIPS on the lips rectangle, then 0.2·mean LPIPS over p×p patches (p even in [64, 96]) of both images with the
    /// lips rectangle painted the background (original-code.md §5.1).
    /// </summary>
    private float Lpips(PerceptualTerms perceptual, LipsRectangle lips, int w, int h)
    {
        var (x, y, cw, ch) = StageImages.Rectangle(lips, w, h);
        float value = perceptual.Crop(_image, _target, w, h, x, y, cw, ch, _s.LipsLpipsWeight, _dColor);
        _image.CopyTo(_patchImage, 0);
        _target.CopyTo(_patchTarget, 0);
        ImageMasks.Rectangle(lips, w, h, _lips);
        ImageMasks.Paint(_patchImage, _lips, _ctx.Background);
        ImageMasks.Paint(_patchTarget, _lips, _ctx.Background);
        Array.Clear(_patchGradient);
        int p = 2 * Random.NextInt(_s.PatchSizeMin / 2, _s.PatchSizeMax / 2 + 1);
        value += perceptual.PatchMean(_patchImage, _patchTarget, w, h, p, _s.PatchLpipsWeight, _patchGradient);
        ImageMasks.ZeroWhere(_patchGradient, _lips);
        for (int i = 0; i < _dColor.Length; i++) _dColor[i] += _patchGradient[i];
        return value;
    }

    /// <summary>Statistics, clone/split/prune on schedule, and the green-background prune every 100 iterations past densify_from.</summary>
    private void Densify(int it, TalkingFrame frame, int[] radii, StepRecord rec)
    {
        var densifier = _gaussians.Densifier;
        if (densifier.Settings.CollectsStatisticsAt(it)) densifier.AccumulateStatistics(_branch.Means2DGradient, radii);
        if (densifier.Settings.DensifiesAt(it))
        {
            var remap = _gaussians.DensifyAndPrune(it);
            rec.Densified = (remap.Cloned, remap.Split, remap.Pruned);
        }
        if (it > _backgroundFrom && it % _s.BackgroundPruneInterval == 0)
        {
            int found = _greenFinder.Mark(_gaussians.Field, frame.Camera, GreenBackgroundGaussians.Face);
            if (found > 0) _gaussians.Prune(_greenFinder.Marked);
            rec.BackgroundGaussians = found;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _branch.Dispose();
}
