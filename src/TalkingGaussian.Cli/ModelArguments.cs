using System.CommandLine;
using TalkingGaussian.Data;
using TalkingGaussian.Inference;
using TalkingGaussian.Model;

namespace TalkingGaussian.Cli;

/// <summary>
/// What <c>tg render</c>, <c>tg export RUN</c> and <c>tg bench render-model</c> share: the RUN argument (a run folder
/// that <c>tg train</c> finished, or its model/ folder), <c>--data</c> (the dataset it was trained on, when it moved) and
/// <c>--poses</c>, turned into library objects with user errors as one clear line.
/// </summary>
internal static class ModelArguments
{
    /// <summary>The RUN argument.</summary>
    public static Argument<string> Run() => new("RUN") { Description = "Run folder written by tg train (its model/ is used), or a model folder." };

    /// <summary><c>--data DIR</c>.</summary>
    public static Option<string?> Data() => new("--data")
    {
        Description = "The dataset the model was trained on (default: the path recorded in model.json); it gives the poses, expressions, torso plates and the split audio.",
    };

    /// <summary><c>--poses train|val|FILE</c>.</summary>
    public static Option<string?> Poses() => new("--poses")
    {
        Description = "Pose track: train or val (that split's cameras, expressions and torso plates), or a transforms JSON whose img_ids name frames of the dataset. Played forward and backward when the audio is longer. Default: the --split, else train.",
    };

    /// <summary>Loads the model of <paramref name="run"/>.</summary>
    public static TalkingHeadModel Load(string run)
    {
        if (!Directory.Exists(run)) throw new UserInputException($"{run}: no such folder. Give a run folder that tg train finished (it holds model/), or a model folder.");
        try
        {
            return TalkingHeadModel.Load(run);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or Gaussians.PlyFormatException)
        {
            throw new UserInputException(e.Message);
        }
    }

    /// <summary>The files of the model's dataset (<paramref name="data"/> or the one model.json names), checked to exist.</summary>
    public static DatasetFiles Dataset(TalkingHeadModel model, string? data)
    {
        string root = data ?? model.Info.Dataset;
        if (!Directory.Exists(root))
            throw new UserInputException(data is null
                ? $"model.json says the model was trained on {root}, which does not exist. Give the dataset's folder with --data DIR."
                : $"--data {root}: no such folder.");
        return new DatasetFiles(root);
    }

    /// <summary>The pose track named by <paramref name="poses"/> (train, val or a transforms file), at the model's frame size.</summary>
    public static PoseTrack PoseTrack(string poses, DatasetFiles files, TalkingHeadModel model)
    {
        try
        {
            return poses.ToLowerInvariant() switch
            {
                "train" => Inference.PoseTrack.FromSplit(files, DatasetSplit.Train, model.Info.Width, model.Info.Height),
                "val" => Inference.PoseTrack.FromSplit(files, DatasetSplit.Val, model.Info.Width, model.Info.Height),
                _ when File.Exists(poses) => Inference.PoseTrack.FromFile(poses, files, model.Info.Width, model.Info.Height),
                _ => throw new UserInputException($"--poses {poses}: not train, val or an existing transforms JSON file."),
            };
        }
        catch (InvalidDataException e)
        {
            throw new UserInputException($"--poses: {e.Message}");
        }
    }

    /// <summary>train or val.</summary>
    public static DatasetSplit Split(string text) => text.ToLowerInvariant() switch
    {
        "train" => DatasetSplit.Train,
        "val" => DatasetSplit.Val,
        _ => throw new UserInputException($"--split takes train or val, got '{text}'."),
    };
}
