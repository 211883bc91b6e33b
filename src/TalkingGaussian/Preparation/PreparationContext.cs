using TalkingGaussian.Data;

namespace TalkingGaussian.Preparation;

/// <summary>What the stages of one preparation share: the video, the folder being written, the models and the report.</summary>
public sealed class PreparationContext
{
    internal PreparationContext(VideoInfo video, string folder, ModelStore models, PreparationOptions options)
    {
        Video = video;
        Files = new DatasetFiles(folder);
        Models = models;
        Options = options;
        Log = options.Log ?? (_ => { });
    }

    public VideoInfo Video { get; }

    /// <summary>The dataset being written (the <c>DIR.tmp</c> folder until it is complete).</summary>
    public DatasetFiles Files { get; }

    public ModelStore Models { get; }

    public PreparationOptions Options { get; }

    public Action<string> Log { get; }

    /// <summary>Frames extracted (counted from <c>ori_imgs/</c>).</summary>
    public int Frames => Directory.Exists(Path.Combine(Files.Root, "ori_imgs"))
        ? Directory.EnumerateFiles(Path.Combine(Files.Root, "ori_imgs"), "*.jpg").Count()
        : 0;

    /// <summary>The mesh track written by the landmark stage.</summary>
    public string MeshTrackPath => Path.Combine(Files.Root, MeshTrack.FileName);

    /// <summary>Folder of the preparation's own bookkeeping (stage markers, per-stage reports); removed when the dataset is complete.</summary>
    public string StateFolder => Path.Combine(Files.Root, ".prepare");
}
