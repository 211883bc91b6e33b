namespace TalkingGaussian.Data;

/// <summary>
/// File and folder names of a talking-head dataset folder, exactly as the original's preprocessing writes them
/// (shared/reference/original-code.md §1.1).
/// </summary>
public sealed class DatasetFiles(string root)
{
    /// <summary>The dataset folder.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary><c>transforms_train.json</c> or <c>transforms_val.json</c>.</summary>
    public string Transforms(DatasetSplit split) => Path.Combine(Root, split == DatasetSplit.Train ? "transforms_train.json" : "transforms_val.json");

    /// <summary>Background plate <c>bc.jpg</c>.</summary>
    public string Background => Path.Combine(Root, "bc.jpg");

    /// <summary>OpenFace action units <c>au.csv</c>.</summary>
    public string ActionUnits => Path.Combine(Root, "au.csv");

    /// <summary>16 kHz speech <c>aud.wav</c> (a preprocessing intermediate; the trainer does not need it).</summary>
    public string AudioWav => Path.Combine(Root, "aud.wav");

    /// <summary>Audio feature file of an extractor: <c>aud_ds.npy</c>, <c>aud_eo.npy</c> or <c>aud_hu.npy</c>.</summary>
    public string AudioFeatures(AudioExtractor extractor) => Path.Combine(Root, AudioExtractors.FileName(extractor));

    /// <summary>Ground-truth frame <c>gt_imgs/&lt;id&gt;.jpg</c>.</summary>
    public string GroundTruth(int imgId) => Path.Combine(Root, "gt_imgs", $"{imgId}.jpg");

    /// <summary>Torso RGBA <c>torso_imgs/&lt;id&gt;.png</c>.</summary>
    public string Torso(int imgId) => Path.Combine(Root, "torso_imgs", $"{imgId}.png");

    /// <summary>Colour-coded parsing <c>parsing/&lt;id&gt;.png</c>.</summary>
    public string Parsing(int imgId) => Path.Combine(Root, "parsing", $"{imgId}.png");

    /// <summary>Teeth mask <c>teeth_mask/&lt;id&gt;.npy</c> (bool [H, W]).</summary>
    public string Teeth(int imgId) => Path.Combine(Root, "teeth_mask", $"{imgId}.npy");

    /// <summary>68 landmarks <c>ori_imgs/&lt;id&gt;.lms</c>.</summary>
    public string Landmarks(int imgId) => Path.Combine(Root, "ori_imgs", $"{imgId}.lms");

    /// <summary>Original frame <c>ori_imgs/&lt;id&gt;.jpg</c> (read by preprocessing only).</summary>
    public string Original(int imgId) => Path.Combine(Root, "ori_imgs", $"{imgId}.jpg");
}
