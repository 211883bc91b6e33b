using TalkingGaussian.Preparation;

namespace TalkingGaussian.Evaluation.Lpips;

/// <summary>
/// Finds the two LPIPS weight files. Each is looked for, in order, in the folder given (<c>--models DIR</c>), in the
/// package's model cache (<see cref="ModelStore.DefaultFolder"/>: <c>$TG_MODELS</c>, else
/// <c>$XDG_CACHE_HOME/talkinggaussian/models</c>, else <c>~/.cache/talkinggaussian/models</c>, where <c>tg models fetch</c>
/// also keeps the preparation models), and in <c>models/</c> under the working directory; torchvision's AlexNet also where torchvision
/// downloads it (<c>$TORCH_HOME/hub/checkpoints</c>, default <c>~/.cache/torch/hub/checkpoints</c>), and the lpips file
/// also as <c>lpips/weights/v0.1/alex.pth</c> inside a models folder (the package's own layout). Missing files make LPIPS
/// unavailable with the list of places searched; a file that is there but unreadable is an error.
/// </summary>
public static class LpipsModelFiles
{
    /// <summary>The folders searched, in order.</summary>
    public static IReadOnlyList<string> Folders(string? models)
    {
        var folders = new List<string>();
        if (!string.IsNullOrEmpty(models)) folders.Add(models);
        folders.Add(ModelStore.DefaultFolder());
        folders.Add("models");
        return folders;
    }

    /// <summary>The AlexNet and lpips files found, or null each.</summary>
    public static (string? AlexNet, string? Linear) Find(string? models)
    {
        var folders = Folders(models);
        var torchHome = Environment.GetEnvironmentVariable("TORCH_HOME") is { Length: > 0 } th
            ? th : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "torch");
        var alex = folders.Append(Path.Combine(torchHome, "hub", "checkpoints"))
            .Select(f => Path.Combine(f, LpipsWeights.AlexNetFile)).FirstOrDefault(File.Exists);
        var lin = folders.SelectMany(f => new[] { Path.Combine(f, LpipsWeights.LinearFile), Path.Combine(f, "lpips", "weights", "v0.1", LpipsWeights.LinearFile) })
            .FirstOrDefault(File.Exists);
        return (alex, lin);
    }

    /// <summary>The metric when both files are found; otherwise null and why, naming the files and where they were looked for.</summary>
    /// <exception cref="InvalidDataException">A file was found but cannot be read as LPIPS weights.</exception>
    public static LpipsAlex? TryLoad(string? models, out string unavailable)
    {
        var (alex, lin) = Find(models);
        if (alex is not null && lin is not null)
        {
            unavailable = "";
            return LpipsAlex.Load(alex, lin);
        }
        var missing = new List<string>();
        if (alex is null) missing.Add($"torchvision's {LpipsWeights.AlexNetFile}");
        if (lin is null) missing.Add($"the lpips package's weights/v0.1/{LpipsWeights.LinearFile}");
        unavailable = $"LPIPS weights not found: {string.Join(" and ", missing)}; put them in a models folder " +
                      $"(--models DIR, the model cache $TG_MODELS or ~/.cache/talkinggaussian/models, or ./models; searched {string.Join(", ", Folders(models))})";
        return null;
    }
}
