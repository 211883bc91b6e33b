using TalkingGaussian.Media;

namespace TalkingGaussian.Data;

/// <summary>
/// The per-frame masks of the original (shared/reference/original-code.md §2.1), [H, W] row-major:
/// face = blue XOR teeth (so teeth outside blue count as face, as in the released code), hair = black,
/// mouth = grey 100 OR teeth.
/// </summary>
public sealed class TalkingMasks
{
    private TalkingMasks(int width, int height, bool[] face, bool[] hair, bool[] mouth)
    {
        Width = width;
        Height = height;
        Face = face;
        Hair = hair;
        Mouth = mouth;
    }

    /// <summary>Mask width.</summary>
    public int Width { get; }

    /// <summary>Mask height.</summary>
    public int Height { get; }

    /// <summary>Face pixels: (blue) XOR teeth.</summary>
    public bool[] Face { get; }

    /// <summary>Hair pixels: black in the parsing image.</summary>
    public bool[] Hair { get; }

    /// <summary>Inside-mouth pixels: grey 100 OR teeth.</summary>
    public bool[] Mouth { get; }

    /// <summary>Head mask used by the face stage: face OR hair.</summary>
    public bool[] Head()
    {
        var h = new bool[Face.Length];
        for (int i = 0; i < h.Length; i++) h[i] = Face[i] || Hair[i];
        return h;
    }

    /// <summary>Bytes held (for cache accounting).</summary>
    public long Bytes => 3L * Face.Length;

    /// <summary>
    /// Builds the masks from a parsing image (RGB, values in [0, 1] as <see cref="ImageIO.Load"/> returns them) and the
    /// teeth mask [H, W].
    /// </summary>
    public static TalkingMasks From(PlanarImage parsing, bool[] teeth)
    {
        int n = parsing.Width * parsing.Height;
        if (teeth.Length != n)
            throw new ArgumentException($"Teeth mask has {teeth.Length} pixels; the parsing image {parsing.Width}×{parsing.Height} has {n}.", nameof(teeth));
        var r = parsing.Channel(0);
        var g = parsing.Channel(1);
        var b = parsing.Channel(2);
        var face = new bool[n];
        var hair = new bool[n];
        var mouth = new bool[n];
        for (int i = 0; i < n; i++)
        {
            int R = Level(r[i]), G = Level(g[i]), B = Level(b[i]);
            bool blue = B > 254 && R == 0 && G == 0;
            face[i] = blue ^ teeth[i];
            hair[i] = R < 1 && G < 1 && B < 1;
            mouth[i] = (R == 100 && G == 100 && B == 100) || teeth[i];
        }
        return new TalkingMasks(parsing.Width, parsing.Height, face, hair, mouth);
    }

    /// <summary>The 8-bit level a [0, 1] value was decoded from.</summary>
    internal static int Level(float v) => (int)MathF.Round(v * 255f);
}
