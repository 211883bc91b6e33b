using System.Globalization;

namespace TalkingGaussian.Evaluation;

/// <summary>
/// The synthetic speaker's ground-truth motion, <c>synthetic_truth.csv</c> (written by <c>tg synth</c>): per frame the jaw
/// opening and the eye closure in [0, 1] it was rendered with.
/// </summary>
public sealed record SyntheticTruth(double[] JawOpen, double[] EyeClosure)
{
    /// <summary>File name inside a synthetic dataset or ground-truth folder.</summary>
    public const string FileName = "synthetic_truth.csv";

    /// <summary>Reads the file; errors name the file, the line and the fix.</summary>
    public static SyntheticTruth Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file. It is written by `tg synth` (with --frames-only for new audio).", path);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new InvalidDataException($"{path} is empty. Re-run `tg synth` to write it.");
        var header = lines[0].Split(',');
        int jaw = Array.IndexOf(header, "jaw_open"), eye = Array.IndexOf(header, "eye_closure"), frame = Array.IndexOf(header, "frame");
        if (jaw < 0 || eye < 0 || frame < 0)
            throw new InvalidDataException($"{path}: header '{lines[0]}' lacks frame, jaw_open or eye_closure. Re-run `tg synth` to write it.");
        var jaws = new List<double>(lines.Length);
        var eyes = new List<double>(lines.Length);
        for (int l = 1; l < lines.Length; l++)
        {
            if (lines[l].Length == 0) continue;
            var parts = lines[l].Split(',');
            if (parts.Length != header.Length
                || !int.TryParse(parts[frame], NumberStyles.Integer, CultureInfo.InvariantCulture, out int k) || k != jaws.Count
                || !double.TryParse(parts[jaw], NumberStyles.Float, CultureInfo.InvariantCulture, out double j)
                || !double.TryParse(parts[eye], NumberStyles.Float, CultureInfo.InvariantCulture, out double e))
                throw new InvalidDataException($"{path}, line {l + 1}: expected frame {jaws.Count} with two numbers, got '{lines[l]}'. Re-run `tg synth`.");
            jaws.Add(j);
            eyes.Add(e);
        }
        return new SyntheticTruth(jaws.ToArray(), eyes.ToArray());
    }
}
