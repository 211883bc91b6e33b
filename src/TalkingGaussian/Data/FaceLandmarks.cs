using System.Globalization;
using System.Text;
using TalkingGaussian.Media;

namespace TalkingGaussian.Data;

/// <summary>
/// The 68 iBUG 2D landmarks of one frame (<c>ori_imgs/&lt;id&gt;.lms</c>): 68 lines of <c>x y</c> written with
/// <c>%f</c>; x is the column and y the row, in pixels. Points 48–59 are the outer lip, 60–67 the inner lip.
/// </summary>
public sealed class FaceLandmarks
{
    /// <summary>Number of iBUG points.</summary>
    public const int Count = 68;

    /// <summary>Wraps 68 (x, y) pairs laid out as [x0, y0, x1, y1, …].</summary>
    public FaceLandmarks(float[] xy)
    {
        if (xy.Length != 2 * Count) throw new ArgumentException($"68 landmarks need 136 values; got {xy.Length}.", nameof(xy));
        Xy = xy;
    }

    /// <summary>[x0, y0, x1, y1, …], 136 values.</summary>
    public float[] Xy { get; }

    /// <summary>Column of point <paramref name="i"/>.</summary>
    public float X(int i) => Xy[2 * i];

    /// <summary>Row of point <paramref name="i"/>.</summary>
    public float Y(int i) => Xy[2 * i + 1];

    /// <summary>Reads a .lms file; the error names the file, the line and the fix.</summary>
    public static FaceLandmarks Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing. Run the landmark step of the preprocessing for this frame.", path);
        var xy = new List<float>(2 * Count);
        int lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2
                || !float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                || !float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
                throw new InvalidDataException($"{path}, line {lineNo}: expected two numbers 'x y', got '{line}'. Re-run the landmark step.");
            xy.Add(x);
            xy.Add(y);
        }
        if (xy.Count != 2 * Count)
            throw new InvalidDataException($"{path}: {xy.Count / 2} landmarks; 68 (iBUG) are needed. Re-run the landmark step with a 68-point model.");
        return new FaceLandmarks(xy.ToArray());
    }

    /// <summary>Writes the file atomically as <c>%f %f</c> lines (numpy.savetxt's format).</summary>
    public void Write(string path)
    {
        var sb = new StringBuilder(Count * 24);
        for (int i = 0; i < Count; i++)
            sb.Append(X(i).ToString("F6", CultureInfo.InvariantCulture)).Append(' ')
              .Append(Y(i).ToString("F6", CultureInfo.InvariantCulture)).Append('\n');
        AtomicFile.WriteAllText(path, sb.ToString());
    }
}
