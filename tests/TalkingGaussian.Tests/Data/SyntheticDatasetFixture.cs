using TalkingGaussian.Data.Synthetic;

namespace TalkingGaussian.Tests.Data;

/// <summary>One tiny synthetic dataset (64×64, 20 frames, built-in voice) shared by the data tests; generated once.</summary>
public sealed class SyntheticDatasetFixture : IDisposable
{
    public SyntheticDatasetFixture()
    {
        _root = DataTempTest.NewFolder();
        Folder = Path.Combine(_root, "speaker");
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

    private readonly string _root;

    public void Dispose() => DataTempTest.Delete(_root);
}

[CollectionDefinition(Name)]
public sealed class SyntheticDatasetCollection : ICollectionFixture<SyntheticDatasetFixture>
{
    public const string Name = "synthetic dataset";
}
