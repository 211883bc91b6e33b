namespace TalkingGaussian.Data;

/// <summary>The two json splits of a dataset: frames 0 … ⌊N·10/11⌋−1 train, the rest val.</summary>
public enum DatasetSplit
{
    /// <summary><c>transforms_train.json</c>.</summary>
    Train,

    /// <summary><c>transforms_val.json</c>.</summary>
    Val,
}
