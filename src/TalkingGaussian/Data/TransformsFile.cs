using System.Globalization;
using System.Text;
using System.Text.Json;
using TalkingGaussian.Media;

namespace TalkingGaussian.Data;

/// <summary>
/// A <c>transforms_train.json</c> / <c>transforms_val.json</c> (shared/reference/original-code.md §1.2):
/// <c>focal_len</c> (pixels, fx = fy), <c>cx</c>, <c>cy</c> (written, never read by the trainer) and <c>frames</c>,
/// each with <c>img_id</c>, <c>aud_id</c> and a camera-to-world <c>transform_matrix</c> in OpenGL axes.
/// </summary>
public sealed record TransformsFile(double FocalLength, double Cx, double Cy, IReadOnlyList<FrameTransform> Frames)
{
    /// <summary>Reads and checks a transforms file; errors name the file, the entry and the fix.</summary>
    public static TransformsFile Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing. Run the preprocessing (or tg synth) that writes transforms_train.json and transforms_val.json.", path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON ({e.Message}). Regenerate it with the preprocessing.", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}: the top level must be a JSON object.");
            double focal = Number(root, "focal_len", path);
            if (!(focal > 0)) throw new InvalidDataException($"{path}: focal_len must be a positive number of pixels, got {focal}.");
            double cx = root.TryGetProperty("cx", out var cxe) && cxe.ValueKind == JsonValueKind.Number ? cxe.GetDouble() : double.NaN;
            double cy = root.TryGetProperty("cy", out var cye) && cye.ValueKind == JsonValueKind.Number ? cye.GetDouble() : double.NaN;
            if (!root.TryGetProperty("frames", out var frames) || frames.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{path}: no 'frames' list. Regenerate it with the preprocessing.");
            var list = new List<FrameTransform>(frames.GetArrayLength());
            int k = 0;
            foreach (var f in frames.EnumerateArray())
            {
                string where = $"{path}: frames[{k}]";
                int imgId = (int)Number(f, "img_id", where);
                int audId = f.TryGetProperty("aud_id", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt32() : imgId;
                if (!f.TryGetProperty("transform_matrix", out var m) || m.ValueKind != JsonValueKind.Array || m.GetArrayLength() < 3)
                    throw new InvalidDataException($"{where}: transform_matrix must be a 4×4 nested list.");
                var matrix = new double[4, 4];
                matrix[3, 3] = 1;
                int r = 0;
                foreach (var row in m.EnumerateArray())
                {
                    if (r >= 4 || row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != 4)
                        throw new InvalidDataException($"{where}: transform_matrix must be a 4×4 nested list.");
                    int c = 0;
                    foreach (var v in row.EnumerateArray())
                    {
                        if (v.ValueKind != JsonValueKind.Number) throw new InvalidDataException($"{where}: transform_matrix[{r}][{c}] is not a number.");
                        matrix[r, c++] = v.GetDouble();
                    }
                    r++;
                }
                list.Add(new FrameTransform(imgId, audId, matrix));
                k++;
            }
            return new TransformsFile(focal, cx, cy, list);
        }
    }

    /// <summary>Writes the file atomically in the original's layout (indented, doubles round-trip).</summary>
    public void Write(string path)
    {
        var sb = new StringBuilder();
        var ic = CultureInfo.InvariantCulture;
        sb.Append("{\n");
        sb.Append("    \"focal_len\": ").Append(FocalLength.ToString("R", ic)).Append(",\n");
        sb.Append("    \"cx\": ").Append(Cx.ToString("R", ic)).Append(",\n");
        sb.Append("    \"cy\": ").Append(Cy.ToString("R", ic)).Append(",\n");
        sb.Append("    \"frames\": [");
        for (int i = 0; i < Frames.Count; i++)
        {
            var f = Frames[i];
            sb.Append(i == 0 ? "\n" : ",\n");
            sb.Append("        {\n");
            sb.Append("            \"img_id\": ").Append(f.ImgId).Append(",\n");
            sb.Append("            \"aud_id\": ").Append(f.AudId).Append(",\n");
            sb.Append("            \"transform_matrix\": [");
            for (int r = 0; r < 4; r++)
            {
                sb.Append(r == 0 ? "\n" : ",\n").Append("                [");
                for (int c = 0; c < 4; c++)
                {
                    if (c > 0) sb.Append(", ");
                    sb.Append(f.TransformMatrix[r, c].ToString("R", ic));
                }
                sb.Append(']');
            }
            sb.Append("\n            ]\n        }");
        }
        sb.Append("\n    ]\n}\n");
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    private static double Number(JsonElement e, string key, string where)
    {
        if (!e.TryGetProperty(key, out var v) || v.ValueKind != JsonValueKind.Number)
            throw new InvalidDataException($"{where}: missing or non-numeric '{key}'. Regenerate the transforms with the preprocessing.");
        return v.GetDouble();
    }
}
