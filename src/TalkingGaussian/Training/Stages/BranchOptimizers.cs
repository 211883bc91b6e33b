using TalkingGaussian.Gaussians;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training.Stages;

/// <summary>The optimisers of each branch, built from the run's settings (for a new branch and for one restored from a checkpoint).</summary>
public static class BranchOptimizers
{
    /// <summary>Adam and densification of the face Gaussians.</summary>
    public static GaussianFieldOptimizer FaceGaussians(TrainingContext ctx, PersistentGaussianField field)
    {
        var s = ctx.Settings.Face;
        return new GaussianFieldOptimizer(field, ctx.Settings.Gaussians, ctx.Extent, s.Iterations, s.Densification.For(s.Iterations, ctx.SeedFor("face.densify")));
    }

    /// <summary>AdamW of the face motion field.</summary>
    public static MotionFieldOptimizer FaceMotion(TrainingContext ctx, TrainingState state, float[] parameters)
    {
        var s = ctx.Settings.Face;
        return new MotionFieldOptimizer(state.FaceField, parameters,
            StageFraction.Of(s.MotionLrSwitchFraction, s.Iterations), StageFraction.Of(s.MotionLrDecayFraction, s.Iterations));
    }

    /// <summary>Adam and densification of the mouth Gaussians.</summary>
    public static GaussianFieldOptimizer MouthGaussians(TrainingContext ctx, PersistentGaussianField field)
    {
        var s = ctx.Settings.Mouth;
        return new GaussianFieldOptimizer(field, ctx.Settings.Gaussians, ctx.Extent, s.Iterations, s.Densification.For(s.Iterations, ctx.SeedFor("mouth.densify")));
    }

    /// <summary>AdamW of the mouth motion field.</summary>
    public static MotionFieldOptimizer MouthMotion(TrainingContext ctx, TrainingState state, float[] parameters)
    {
        var s = ctx.Settings.Mouth;
        return new MotionFieldOptimizer(state.MouthField, parameters,
            StageFraction.Of(s.MotionLrSwitchFraction, s.Iterations), StageFraction.Of(s.MotionLrDecayFraction, s.Iterations));
    }
}
