using System.Text.Json.Nodes;
using TalkingGaussian.Training.Sampling;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training;

/// <summary>
/// What a run derives from its data, recorded in settings.json's "derived" entry: the camera extent, the perceptual loss
/// in use, and the incremental sampler's windows in numbers (Eq. 5's B_lower, B_upper, T and K for this dataset).
/// </summary>
public static class RunDerivation
{
    /// <summary>The derived entry for <paramref name="context"/>.</summary>
    public static JsonObject Of(TrainingContext context)
    {
        var s = context.Settings;
        int faceWarm = StageFraction.Of(s.Face.WarmUpFraction, s.Face.Iterations);
        int mouthWarm = StageFraction.Of(s.Mouth.WarmUpFraction, s.Mouth.Iterations);
        return new JsonObject
        {
            ["camera_extent"] = context.Extent,
            ["perceptual_loss"] = context.Perceptual?.Loss.Name ?? "none: no LPIPS weights available, the LPIPS terms are left out",
            ["face_windows"] = Windows(SamplerPresets.Face(context.Dataset.Train, s.Face.Sampling, s.Face.Iterations, faceWarm)),
            ["mouth_windows"] = Windows(SamplerPresets.Mouth(context.Dataset.ActionUnits, s.Mouth.Sampling, s.Mouth.Iterations, mouthWarm)),
        };
    }

    private static JsonArray Windows(IReadOnlyList<SamplingWindow> windows)
    {
        var a = new JsonArray();
        foreach (var w in windows)
            a.Add(new JsonObject
            {
                ["name"] = w.Name,
                ["metric"] = w.Metric.ToString(),
                ["lower"] = Finite(w.Lower),
                ["upper"] = Finite(w.Upper),
                ["lower_step"] = w.LowerStep,
                ["upper_step"] = w.UpperStep,
                ["interval"] = w.Interval,
                ["from"] = w.From,
                ["until"] = w.Until,
            });
        return a;
    }

    private static JsonNode? Finite(double v) => double.IsFinite(v) ? JsonValue.Create(v) : JsonValue.Create(v > 0 ? "inf" : "-inf");
}
