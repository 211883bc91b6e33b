namespace TalkingGaussian.Preparation;

/// <summary>One resumable step of the preparation: its name and what it does (returns notes for the report).</summary>
internal sealed record PreparationStage(string Name, Func<PreparationContext, IReadOnlyList<string>> Run)
{
    /// <summary>The stages in order. Each reads only what earlier stages wrote, so a resumed run skips the finished ones.</summary>
    public static readonly IReadOnlyList<PreparationStage> All =
    [
        new("audio", c => { AudioStage.Run(c); return []; }),
        new("frames", FramesStage.Run),
        new("landmarks", LandmarkStage.Run),
        new("parsing", c => { ParsingStage.Run(c); return []; }),
        new("background", c => { BackgroundStage.Run(c); return []; }),
        new("torso", c => { TorsoStage.Run(c); return []; }),
        new("pose", PoseStage.Run),
        new("au", c => { ActionUnitStage.Run(c); return []; }),
    ];
}
