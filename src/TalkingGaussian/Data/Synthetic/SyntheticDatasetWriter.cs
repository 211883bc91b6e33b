using System.Globalization;
using System.Text;
using TalkingGaussian.Data.Npy;
using TalkingGaussian.Media;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>Writes the synthetic speaker's files in the original dataset format (used by <see cref="SyntheticSpeaker"/>).</summary>
internal static class SyntheticDatasetWriter
{
    /// <summary>One frame: ori_imgs (.jpg, .lms) and gt_imgs; unless frames-only also parsing (class colours), torso (RGBA) and teeth mask.</summary>
    public static void WriteFrame(DatasetFiles files, int k, SyntheticFrame frame, FaceLandmarks landmarks, bool framesOnly)
    {
        var img = frame.Image;
        ImageIO.SaveJpeg(files.Original(k), img.Pixels, img.Width, img.Height);
        ImageIO.SaveJpeg(files.GroundTruth(k), img.Pixels, img.Width, img.Height);
        landmarks.Write(files.Landmarks(k));
        if (framesOnly) return;
        int n = img.Width * img.Height;
        var parsing = new (byte R, byte G, byte B)[n];
        var torso = new float[4 * n];
        var teeth = new bool[n];
        for (int i = 0; i < n; i++)
        {
            parsing[i] = frame.Classes[i] switch
            {
                (int)SyntheticClass.Face => ParsingColors.Face,
                (int)SyntheticClass.Hair => ParsingColors.Hair,
                (int)SyntheticClass.Mouth or (int)SyntheticClass.Teeth => ParsingColors.Mouth,
                (int)SyntheticClass.Neck => ParsingColors.Neck,
                (int)SyntheticClass.Torso => ParsingColors.Torso,
                _ => ParsingColors.Background,
            };
            teeth[i] = frame.Classes[i] == (int)SyntheticClass.Teeth;
            if (frame.Classes[i] is (int)SyntheticClass.Neck or (int)SyntheticClass.Torso)
            {
                for (int c = 0; c < 3; c++) torso[c * n + i] = img.Pixels[c * n + i];
                torso[3 * n + i] = 1f;
            }
        }
        ParsingPng.Save(files.Parsing(k), parsing, img.Width, img.Height);
        ImageIO.SavePng(files.Torso(k), torso, img.Width, img.Height, 4);
        NpyWriter.Write(files.Teeth(k), NpyArray.FromBool(teeth, img.Height, img.Width));
    }

    /// <summary>transforms_train.json and transforms_val.json with the 10/11 split.</summary>
    public static void WriteTransforms(DatasetFiles files, double[][,] matrices, double focal, int size)
    {
        int train = SyntheticSpeaker.TrainCount(matrices.Length);
        var all = matrices.Select((m, k) => new FrameTransform(k, k, m)).ToArray();
        new TransformsFile(focal, size / 2.0, size / 2.0, all[..train]).Write(files.Transforms(DatasetSplit.Train));
        new TransformsFile(focal, size / 2.0, size / 2.0, all[train..]).Write(files.Transforms(DatasetSplit.Val));
    }

    /// <summary>au.csv with OpenFace-style columns and the schedule's AU values.</summary>
    public static void WriteActionUnits(DatasetFiles files, MotionSchedule schedule)
    {
        int n = schedule.Frames;
        var rows = Enumerable.Range(0, n).Select(schedule.ActionUnits).ToArray();
        var table = new ActionUnitTable(
        [
            ("frame", Enumerable.Range(1, n).Select(k => (double)k).ToArray()),
            ("face_id", new double[n]),
            ("timestamp", Enumerable.Range(0, n).Select(k => k / (double)MotionSchedule.Fps).ToArray()),
            ("confidence", Enumerable.Repeat(0.98, n).ToArray()),
            ("success", Enumerable.Repeat(1.0, n).ToArray()),
            ("AU01_r", rows.Select(r => r.Au01).ToArray()),
            ("AU04_r", rows.Select(r => r.Au04).ToArray()),
            ("AU05_r", rows.Select(r => r.Au05).ToArray()),
            ("AU06_r", rows.Select(r => r.Au06).ToArray()),
            ("AU07_r", rows.Select(r => r.Au07).ToArray()),
            ("AU25_r", rows.Select(r => r.Au25).ToArray()),
            ("AU45_r", rows.Select(r => r.Au45).ToArray()),
        ]);
        table.Write(files.ActionUnits);
    }

    /// <summary>
    /// synthetic_truth.csv: per frame the jaw opening in [0, 1] and eye closure the frame was rendered with, and what the
    /// opening means at the mouth centre in millimetres (lip gap = jaw drop + upper-lip rise, <see cref="FaceDeformation"/>).
    /// </summary>
    public static void WriteTruth(string path, MotionSchedule schedule)
    {
        var ic = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("frame,jaw_open,eye_closure,lip_gap_mm,jaw_drop_mm,lip_rise_mm\n");
        for (int k = 0; k < schedule.Frames; k++)
        {
            var state = new FaceState(schedule.JawOpen(k), schedule.EyeClosure(k), 0, 0, default);
            float drop = 1000 * FaceDeformation.JawDrop(state), rise = 1000 * FaceDeformation.LipRise(state);
            sb.Append(k).Append(',').Append(state.JawOpen.ToString("0.#####", ic)).Append(',').Append(state.EyeClosure.ToString("0.#####", ic))
                .Append(',').Append((drop + rise).ToString("0.###", ic)).Append(',').Append(drop.ToString("0.###", ic)).Append(',').Append(rise.ToString("0.###", ic)).Append('\n');
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }
}
