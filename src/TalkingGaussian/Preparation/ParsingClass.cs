using TalkingGaussian.Data;

namespace TalkingGaussian.Preparation;

/// <summary>The six classes of the parsing image (shared/reference/original-code.md §1.4), as bytes in a class map.</summary>
public enum ParsingClass : byte
{
    Background = 0,
    Face = 1,
    Mouth = 2,
    Neck = 3,
    Torso = 4,
    Hair = 5,
}

/// <summary>Colours of <see cref="ParsingClass"/> as <see cref="ParsingColors"/> paints them.</summary>
public static class ParsingClasses
{
    public static (byte R, byte G, byte B) Color(ParsingClass c) => c switch
    {
        ParsingClass.Face => ParsingColors.Face,
        ParsingClass.Mouth => ParsingColors.Mouth,
        ParsingClass.Neck => ParsingColors.Neck,
        ParsingClass.Torso => ParsingColors.Torso,
        ParsingClass.Hair => ParsingColors.Hair,
        _ => ParsingColors.Background,
    };

    private static readonly ParsingClass[] All = Enum.GetValues<ParsingClass>();

    /// <summary>The class of a parsing colour (the nearest of the six), for reading a parsing image back.</summary>
    public static ParsingClass FromColor(byte r, byte g, byte b)
    {
        var best = ParsingClass.Background;
        int bestDistance = int.MaxValue;
        foreach (var c in All)
        {
            var (cr, cg, cb) = Color(c);
            int d = (r - cr) * (r - cr) + (g - cg) * (g - cg) + (b - cb) * (b - cb);
            if (d < bestDistance) { bestDistance = d; best = c; }
        }
        return best;
    }
}
