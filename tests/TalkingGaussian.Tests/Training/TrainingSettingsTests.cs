using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Tests.Training;

public sealed class TrainingSettingsTests
{
    [Fact]
    public void Settings_round_trip_through_json_with_every_value()
    {
        var s = TrainingPresets.Quick with { Seed = 7, Stages = [TrainingStage.Face, TrainingStage.Fuse] };
        var back = TrainingSettingsJson.Deserialize(TrainingSettingsJson.Serialize(s), "test");
        Assert.Equal(TrainingSettingsJson.Serialize(s), TrainingSettingsJson.Serialize(back));
        Assert.Equal(7, back.Seed);
        Assert.Equal([TrainingStage.Face, TrainingStage.Fuse], back.Stages);
    }

    [Fact]
    public void Dotted_overrides_change_nested_settings_and_nothing_else()
    {
        var s = TrainingSettingsJson.Apply(TrainingPresets.Paper, ["face.iterations=1234", "face.sampling.interval=5", "stages=[\"face\"]", "ssim_weight=0.5"]);
        Assert.Equal(1234, s.Face.Iterations);
        Assert.Equal(5, s.Face.Sampling.Interval);
        Assert.Equal([TrainingStage.Face], s.Stages);
        Assert.Equal(0.5f, s.SsimWeight);
        Assert.Equal(TrainingPresets.Paper.Mouth, s.Mouth);
        Assert.Equal(TrainingPresets.Paper.Face.Sampling.BlinkUpper, s.Face.Sampling.BlinkUpper);
    }

    [Fact]
    public void An_unknown_setting_is_refused_with_the_names_that_exist()
    {
        var e = Assert.Throws<TrainingSettingsException>(() => TrainingSettingsJson.Apply(TrainingPresets.Paper, ["face.iteratons=3"]));
        Assert.Contains("face.iteratons", e.Message);
        Assert.Contains("iterations", e.Message);
        Assert.Throws<TrainingSettingsException>(() => TrainingSettingsJson.Apply(TrainingPresets.Paper, ["face.iterations"]));
    }

    [Fact]
    public void A_partial_settings_file_changes_only_what_it_holds()
    {
        var s = TrainingSettingsJson.Merge(TrainingPresets.Quick, """{ "mouth": { "sampling": { "min_mouth_pixels": 50 } }, "seed": 3 }""", "file.json");
        Assert.Equal(50, s.Mouth.Sampling.MinMouthPixels);
        Assert.Equal(3, s.Seed);
        Assert.Equal(TrainingPresets.Quick.Mouth.Iterations, s.Mouth.Iterations);
        Assert.Contains("file.json", Assert.Throws<TrainingSettingsException>(() => TrainingSettingsJson.Merge(TrainingPresets.Quick, "{ \"nope\": 1 }", "file.json")).Message);
    }

    [Fact]
    public void The_presets_are_usable_and_the_paper_preset_is_the_released_schedule()
    {
        Assert.Empty(TrainingPresets.Paper.Problems());
        Assert.Empty(TrainingPresets.Quick.Problems());
        var p = TrainingPresets.Paper;
        Assert.Equal((50000, 50000, 10000), (p.Face.Iterations, p.Mouth.Iterations, p.Fuse.Iterations));
        // original-code.md §5.1–5.3: warm-up 3000, face densify until 49000, mouth until 45000, LPIPS from 47000 / 49000 / 5000.
        Assert.Equal(3000, StageFraction.Of(p.Face.WarmUpFraction, p.Face.Iterations));
        Assert.Equal(49000, StageFraction.Of(p.Face.Densification.UntilFraction, p.Face.Iterations));
        Assert.Equal(45000, StageFraction.Of(p.Mouth.Densification.UntilFraction, p.Mouth.Iterations));
        Assert.Equal(47000, StageFraction.Of(p.Face.LpipsFromFraction, p.Face.Iterations));
        Assert.Equal(49000, StageFraction.Of(p.Mouth.FinalFraction, p.Mouth.Iterations));
        Assert.Equal(5000, StageFraction.Of(p.Fuse.LpipsFromFraction, p.Fuse.Iterations));
        Assert.Equal(0.0005f, p.Face.Densification.GradThreshold);
        Assert.Equal(0.0002f, p.Mouth.Densification.GradThreshold);
    }

    [Fact]
    public void Impossible_settings_are_listed_each_with_its_name()
    {
        var s = TrainingSettingsJson.Apply(TrainingPresets.Quick,
            ["face.iterations=0", "face.sampling.blink_lower=0.5", "face.sampling.blink_upper=0.1", "mouth.warm_up_fraction=2", "stages=[\"fuse\",\"face\"]"]);
        var problems = s.Problems();
        Assert.Contains(problems, p => p.StartsWith("face.iterations"));
        Assert.Contains(problems, p => p.Contains("blink_lower") && p.Contains("swap"));
        Assert.Contains(problems, p => p.StartsWith("mouth.warm_up_fraction"));
        Assert.Contains(problems, p => p.StartsWith("stages"));
    }

    [Theory]
    [InlineData("[\"fuse\"]", false)]
    [InlineData("[\"face\",\"fuse\"]", false)]
    [InlineData("[\"mouth\",\"fuse\"]", false)]
    [InlineData("[\"face\",\"mouth\",\"fuse\"]", true)]
    [InlineData("[\"mouth\"]", true)]
    public void Fusion_is_refused_without_both_branches_in_the_run(string stages, bool usable)
    {
        var s = TrainingSettingsJson.Apply(TrainingPresets.Quick, [$"stages={stages}"]);
        Assert.Equal(usable, !s.Problems().Any(p => p.Contains("fusion")));
    }
}
