using System.Numerics;

namespace TalkingGaussian.Data.Synthetic;

/// <summary>
/// The synthetic speaker's known motion over time. Jaw opening follows the speech envelope (opening = envelope^0.8);
/// blinks come on a seeded schedule (first after 1–2.5 s, then every 2–4.5 s, 7 frames each); brows and the other
/// upper-face AUs drift on slow sinusoids; the head drifts slightly (±3° yaw, ±2° pitch,
/// ±1.5° roll, a few millimetres of translation). Everything but the jaw depends only on the frame index and the seed,
/// so frames for new audio replay the same poses, blinks and expressions as the training video, as the original's
/// inference does.
/// </summary>
public sealed class MotionSchedule
{
    private static readonly float[] BlinkProfile = [0.3f, 0.75f, 1f, 1f, 0.7f, 0.35f, 0.1f];
    private readonly double[] _phases;
    private readonly HashSet<int> _blinkStarts = [];
    private readonly float[] _envelope;

    /// <summary>Frame rate (the original assumes 25 fps).</summary>
    public const int Fps = 25;

    /// <summary>Creates the schedule for <paramref name="envelope"/> (one value in [0, 1] per frame) and a seed.</summary>
    public MotionSchedule(float[] envelope, int seed)
    {
        _envelope = envelope;
        var rng = new Random(seed * 7919 + 17);
        _phases = Enumerable.Range(0, 12).Select(_ => rng.NextDouble() * 2 * Math.PI).ToArray();
        // Blink schedule over a long horizon so any audio length gets the same blink times.
        double t = 1.0 + 1.5 * rng.NextDouble();
        while (t < 3600)
        {
            _blinkStarts.Add((int)Math.Round(t * Fps));
            t += 2.0 + 2.5 * rng.NextDouble();
        }
    }

    /// <summary>Frames covered.</summary>
    public int Frames => _envelope.Length;

    /// <summary>Jaw opening in [0, 1] at frame <paramref name="k"/>.</summary>
    public float JawOpen(int k) => MathF.Pow(Math.Clamp(_envelope[k], 0f, 1f), 0.8f);

    /// <summary>Eye closure in [0, 1] at frame <paramref name="k"/>.</summary>
    public float EyeClosure(int k)
    {
        for (int d = 0; d < BlinkProfile.Length; d++)
            if (_blinkStarts.Contains(k - d)) return BlinkProfile[d];
        return 0f;
    }

    /// <summary>OpenFace-style intensities (0–5) at frame <paramref name="k"/>: AU01, 04, 05, 06, 07, 25, 45.</summary>
    public (double Au01, double Au04, double Au05, double Au06, double Au07, double Au25, double Au45) ActionUnits(int k)
    {
        double t = k / (double)Fps;
        double Wave(int i, double period) => 0.5 + 0.5 * Math.Sin(2 * Math.PI * t / period + _phases[i]);
        double au01 = 0.3 + 0.9 * Wave(0, 3.3);
        double au04 = 0.2 + 0.6 * Wave(1, 4.7);
        double au05 = 0.1 + 0.3 * Wave(2, 2.9);
        double au06 = 0.2 + 0.5 * Wave(3, 6.1);
        double au07 = 0.3 + 0.4 * Wave(4, 5.3);
        double au25 = 0.1 + 3.6 * JawOpen(k);
        double au45 = 0.05 * Wave(5, 1.7) + 2.0 * EyeClosure(k);
        return (Round(au01), Round(au04), Round(au05), Round(au06), Round(au07), Round(au25), Round(au45));
    }

    /// <summary>The face state of frame <paramref name="k"/>.</summary>
    public FaceState State(int k)
    {
        double t = k / (double)Fps;
        var au = ActionUnits(k);
        float jaw = JawOpen(k);
        float pitch = (float)(0.035 * Math.Sin(2 * Math.PI * t / 5.1 + _phases[6]));
        float yaw = (float)(0.05 * Math.Sin(2 * Math.PI * t / 7.3 + _phases[7]));
        float roll = (float)(0.025 * Math.Sin(2 * Math.PI * t / 9.7 + _phases[8]));
        var shift = new Vector3(
            (float)(0.003 * Math.Sin(2 * Math.PI * t / 6.1 + _phases[9])),
            (float)(0.002 * Math.Sin(2 * Math.PI * t / 4.3 + _phases[10])),
            (float)(0.004 * Math.Sin(2 * Math.PI * t / 8.9 + _phases[11])));
        var motion = PoseMath.RotationAbout(HeadGeometry.NeckPivot, pitch, yaw, roll, shift);
        return new FaceState(jaw, EyeClosure(k), (float)au.Au01, (float)au.Au04, motion);
    }

    // au.csv holds three decimals, as OpenFace writes two; the motion uses the same rounded values.
    private static double Round(double v) => Math.Round(v, 3);
}
