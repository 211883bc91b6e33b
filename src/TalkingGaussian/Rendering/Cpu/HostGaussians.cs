namespace TalkingGaussian.Rendering.Cpu;

/// <summary>The rasterizer inputs in host memory, read by <see cref="GaussianStages"/> on the CPU (pinned for the call).</summary>
internal readonly unsafe struct HostGaussians(float* means, float* scales, float* rotations, float* opacities, float* features,
    int featureStride, int activeDegree, bool precomputed) : IGaussianSource
{
    public int FeatureStride => featureStride;
    public int ActiveDegree => activeDegree;
    public bool Precomputed => precomputed;
    public float Mean(int index) => means[index];
    public float Scale(int index) => scales[index];
    public float Rotation(int index) => rotations[index];
    public float Opacity(int i) => opacities[i];
    public float Feature(int index) => features[index];
}

/// <summary>The gradient arrays in host memory, written by <see cref="GaussianStages.PreprocessBackward"/> on the CPU.</summary>
internal readonly unsafe struct HostGradients(float* means, float* means2D, float* scales, float* rotations, float* opacities, float* features)
    : IGaussianGradientSink
{
    public void Mean(int index, float value) => means[index] = value;
    public void Mean2D(int index, float value) => means2D[index] = value;
    public void Scale(int index, float value) => scales[index] = value;
    public void Rotation(int index, float value) => rotations[index] = value;
    public void Opacity(int i, float value) => opacities[i] = value;
    public void Feature(int index, float value) => features[index] = value;
}
