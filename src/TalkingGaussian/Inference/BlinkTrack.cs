using TalkingGaussian.Data;

namespace TalkingGaussian.Inference;

/// <summary>
/// Where the eye blinks of a rendered video come from: the AU45 entry of the face motion field's expression vector
/// (original-code.md §1.5, clipped to [0, 2]). <see cref="Auto"/> keeps the pose track's own AU45 (the recorded
/// blinks), <see cref="None"/> holds the eyes open (AU45 = 0), and <see cref="FromFile"/> reads an AU45_r column of an
/// OpenFace-style CSV (another video's au.csv), row k for output frame k, played forward and backward like the pose
/// track when the audio is longer.
/// </summary>
public sealed class BlinkTrack
{
    private readonly float[]? _au45;
    private readonly bool _open;

    private BlinkTrack(string description, float[]? au45, bool open)
    {
        Description = description;
        _au45 = au45;
        _open = open;
    }

    /// <summary>What the track is, for messages.</summary>
    public string Description { get; }

    /// <summary>The pose track's recorded blinks.</summary>
    public static BlinkTrack Auto { get; } = new("the pose track's AU45", null, false);

    /// <summary>Eyes open throughout.</summary>
    public static BlinkTrack None { get; } = new("none (AU45 = 0)", null, true);

    /// <summary>The AU45_r column of <paramref name="csvPath"/>.</summary>
    /// <exception cref="InvalidDataException">The file is missing, damaged, empty or has no AU45_r column.</exception>
    public static BlinkTrack FromFile(string csvPath)
    {
        ActionUnitTable table;
        try
        {
            table = ActionUnitTable.Read(csvPath);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        if (!table.Has("AU45_r"))
            throw new InvalidDataException($"{csvPath}: no AU45_r column (columns: {string.Join(", ", table.ColumnNames)}). Give an OpenFace au.csv, or a CSV with an AU45_r column (0 open … 2 closed).");
        var column = table.Column("AU45_r");
        if (column.Length == 0) throw new InvalidDataException($"{csvPath}: no rows. Give at least one AU45_r value.");
        var au45 = new float[column.Length];
        for (int k = 0; k < au45.Length; k++)
        {
            if (!double.IsFinite(column[k]))
                throw new InvalidDataException($"{csvPath}, data row {k + 1}: AU45_r is {column[k]}. Fill the gap (e.g. with 0) or trim the rows.");
            au45[k] = (float)Math.Clamp(column[k], 0, 2);
        }
        return new BlinkTrack($"{csvPath} ({au45.Length} rows)", au45, false);
    }

    /// <summary>AU45 of output frame <paramref name="k"/>, given the pose track's <paramref name="poseAu45"/>.</summary>
    public float Au45(int k, float poseAu45)
    {
        if (_open) return 0f;
        return _au45 is null ? poseAu45 : _au45[PoseTrack.PingPong(k, _au45.Length)];
    }
}
