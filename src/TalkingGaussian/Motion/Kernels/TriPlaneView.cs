using ILGPU;
using ILGPU.Runtime;

namespace TalkingGaussian.Motion.Kernels;

/// <summary>
/// The tri-plane level table as kernels see it (one per field, uploaded once): per-level scales s_ℓ and
/// (first entry, corner stride res+1, entries, dense flag) quadruples; the tables live in the field's parameter view at
/// <see cref="GridOffset"/> as xy, yz, xz planes of <see cref="PlaneParameters"/> floats.
/// </summary>
public struct TriPlaneView
{
    /// <summary>[L] s_ℓ.</summary>
    public ArrayView<float> Scales;

    /// <summary>[L, 4] first entry, res_ℓ + 1, entries, 1 if dense.</summary>
    public ArrayView<int> Levels;

    /// <summary>L.</summary>
    public int LevelCount;

    /// <summary>C.</summary>
    public int Features;

    /// <summary>Entries × C of one plane.</summary>
    public int PlaneParameters;

    /// <summary>Offset of the xy plane in the parameter view.</summary>
    public int GridOffset;

    /// <summary>Positions in [−bound, bound] are encoded.</summary>
    public float Bound;
}

/// <summary>Device copy of a <see cref="TriPlaneLevels"/> table.</summary>
internal sealed class TriPlaneDeviceTable : IDisposable
{
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _scales;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _levels;

    public TriPlaneDeviceTable(Accelerator accelerator, TriPlaneLevels levels, int gridOffset)
    {
        int l = levels.Settings.Levels;
        if (l > TriPlaneKernelMath.MaxLevels)
            throw new ArgumentException($"The kernels take at most {TriPlaneKernelMath.MaxLevels} tri-plane levels; got {l}.");
        var info = new int[4 * l];
        for (int k = 0; k < l; k++)
        {
            info[4 * k] = levels.Offsets[k];
            info[4 * k + 1] = levels.Resolutions[k] + 1;
            info[4 * k + 2] = levels.Entries[k];
            info[4 * k + 3] = levels.Dense[k] ? 1 : 0;
        }
        _scales = accelerator.Allocate1D(levels.Scales);
        _levels = accelerator.Allocate1D(info);
        View = new TriPlaneView
        {
            Scales = _scales.View,
            Levels = _levels.View,
            LevelCount = l,
            Features = levels.Settings.FeaturesPerLevel,
            PlaneParameters = levels.ParametersPerPlane,
            GridOffset = gridOffset,
            Bound = levels.Settings.Bound,
        };
    }

    public TriPlaneView View { get; }

    public void Dispose()
    {
        _scales.Dispose();
        _levels.Dispose();
    }
}
