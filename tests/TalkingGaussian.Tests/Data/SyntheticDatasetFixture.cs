using TalkingGaussian.Data.Synthetic;

namespace TalkingGaussian.Tests.Data;

/// <summary>One tiny synthetic dataset (64×64, 20 frames, built-in voice) shared by the data tests; generated once.</summary>
public sealed class SyntheticDatasetFixture
{
    public SyntheticDatasetFixture()
    {
        Folder = Path.Combine(TempFolder.Create("tg-synth"), "speaker");
        Result = SyntheticSpeaker.Generate(Folder, Options);
    }

    /// <summary>The options every test regenerates against.</summary>
    public static SyntheticSpeakerOptions Options { get; } = new()
    {
        Size = 64,
        Seed = 5,
        BuiltInVoice = true,
        BuiltInSeconds = 1.2,
        MaxFrames = 20,
        Threads = 2,
    };

    public string Folder { get; }

    public SyntheticSpeakerResult Result { get; }
}

[CollectionDefinition(Name)]
public sealed class SyntheticDatasetCollection : ICollectionFixture<SyntheticDatasetFixture>
{
    public const string Name = "synthetic dataset";
}
