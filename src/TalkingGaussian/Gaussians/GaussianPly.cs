namespace TalkingGaussian.Gaussians;

/// <summary>
/// Reads and writes a <see cref="PersistentGaussianField"/> as PLY. <see cref="Save"/>/<see cref="Load"/> use the
/// native layout, which round-trips the field bit-for-bit; <see cref="ExportStandard"/>/<see cref="ImportStandard"/>
/// use the standard 3DGS layout viewers open. Writes are atomic; every malformed input is a <see cref="PlyFormatException"/>.
/// </summary>
public static class GaussianPly
{
    /// <summary>Writes <paramref name="field"/> in the native layout (raw parameters, SH degrees, scale activation).</summary>
    public static void Save(PersistentGaussianField field, string path) => NativeGaussianPly.Save(field, path);

    /// <summary>Reads a field written by <see cref="Save"/>, exactly as it was saved.</summary>
    public static PersistentGaussianField Load(string path) => NativeGaussianPly.Load(PlyReader.ReadVertices(path));

    /// <summary>
    /// Writes <paramref name="field"/> in the standard 3DGS layout: scale_i = log(activation(raw)), so a softplus field's
    /// scales become log(softplus(raw)); opacity and rotation are written raw; f_rest channel-major.
    /// <see cref="StandardScaleConvention.Softplus"/> writes softplus pre-activations instead, for the released code.
    /// </summary>
    public static void ExportStandard(PersistentGaussianField field, string path,
        StandardScaleConvention convention = StandardScaleConvention.Log) => StandardGaussianPly.Export(field, path, convention);

    /// <summary>
    /// Reads a standard 3DGS PLY (SH degree 0–3, float or double properties, extra properties ignored) into a field whose
    /// scales use <paramref name="scaleActivation"/>: raw = activation⁻¹(exp(scale_i)), or activation⁻¹(softplus(scale_i)) for
    /// files the released TalkingGaussian code saved (<see cref="StandardScaleConvention.Softplus"/>).
    /// The active SH degree is the file's degree.
    /// </summary>
    public static PersistentGaussianField ImportStandard(string path, ScaleActivation scaleActivation = ScaleActivation.Softplus,
        StandardScaleConvention convention = StandardScaleConvention.Log) =>
        StandardGaussianPly.Import(PlyReader.ReadVertices(path), scaleActivation, convention);

    /// <summary>Which layout <paramref name="path"/> is in: native when its header carries the tg_layout comment.</summary>
    public static GaussianPlyLayout DetectLayout(string path) =>
        PlyReader.ReadHeader(path).CommentValue(NativeGaussianPly.LayoutKey) is null ? GaussianPlyLayout.Standard : GaussianPlyLayout.Native;

    /// <summary>Reads either layout; standard files are imported as by <see cref="ImportStandard"/>.</summary>
    public static PersistentGaussianField LoadAny(string path, ScaleActivation scaleActivation = ScaleActivation.Softplus,
        StandardScaleConvention convention = StandardScaleConvention.Log)
    {
        var table = PlyReader.ReadVertices(path);
        return table.Header.CommentValue(NativeGaussianPly.LayoutKey) is null
            ? StandardGaussianPly.Import(table, scaleActivation, convention)
            : NativeGaussianPly.Load(table);
    }
}
