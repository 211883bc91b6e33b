namespace TalkingGaussian.Evaluation.Lpips;

/// <summary>One convolution of AlexNet's feature extractor: weights [Out, In, K, K] and biases [Out], as torchvision stores them.</summary>
public sealed record ConvLayer(int Out, int In, int Kernel, int Stride, int Padding, float[] Weight, float[] Bias);

/// <summary>
/// The LPIPS v0.1 (AlexNet) network of Zhang et al. 2018 as the <c>lpips</c> package builds it: torchvision AlexNet's five
/// convolutions (64, 192, 384, 256, 256 channels; 11×11 stride 4 padding 2, then 5×5 padding 2, then 3×3 padding 1;
/// 3×3 stride-2 max pools after the first two) and the five learnt non-negative 1×1 "lin" weights per channel.
/// Read from the two files users of the Python packages already have: torchvision's <c>alexnet-owt-7be5be79.pth</c>
/// (keys <c>features.{0,3,6,8,10}.{weight,bias}</c>) and the lpips package's <c>weights/v0.1/alex.pth</c> (keys
/// <c>lin{0..4}.model.1.weight</c>, shape [1, C, 1, 1]). Channel counts come from the tensor shapes and are checked
/// against each other, so a narrower network in the same format (the tests write one) loads the same way.
/// </summary>
public sealed record LpipsWeights(IReadOnlyList<ConvLayer> Convolutions, IReadOnlyList<float[]> Linear)
{
    /// <summary>torchvision's AlexNet file name.</summary>
    public const string AlexNetFile = "alexnet-owt-7be5be79.pth";

    /// <summary>The lpips package's linear-layer file name.</summary>
    public const string LinearFile = "alex.pth";

    /// <summary>AlexNet's feature-layer indices in torchvision's <c>features</c> Sequential.</summary>
    public static readonly int[] FeatureIndices = [0, 3, 6, 8, 10];

    private static readonly (int Stride, int Padding)[] Geometry = [(4, 2), (1, 2), (1, 1), (1, 1), (1, 1)];

    /// <summary>Loads both files.</summary>
    /// <exception cref="InvalidDataException">A file is not a PyTorch weight file, or lacks or misshapes a tensor; the message names the file and the fix.</exception>
    public static LpipsWeights Load(string alexNetPath, string linearPath)
    {
        var alex = TorchCheckpoint.Load(alexNetPath);
        var lin = TorchCheckpoint.Load(linearPath);
        return FromTensors(alex, lin, alexNetPath, linearPath);
    }

    /// <summary>Builds the network from state dicts (names as in the files).</summary>
    public static LpipsWeights FromTensors(IReadOnlyDictionary<string, TorchTensor> alex, IReadOnlyDictionary<string, TorchTensor> lin,
        string alexName = "the AlexNet state dict", string linName = "the LPIPS linear state dict")
    {
        var convs = new ConvLayer[5];
        var linear = new float[5][];
        int previous = 3;
        for (int l = 0; l < 5; l++)
        {
            var w = Find(alex, alexName, $"features.{FeatureIndices[l]}.weight", $"net.slice{l + 1}.{FeatureIndices[l]}.weight");
            var b = Find(alex, alexName, $"features.{FeatureIndices[l]}.bias", $"net.slice{l + 1}.{FeatureIndices[l]}.bias");
            if (w.Shape.Length != 4 || w.Shape[1] != previous || w.Shape[2] != w.Shape[3] || b.Shape.Length != 1 || b.Shape[0] != w.Shape[0])
                throw new InvalidDataException($"{alexName}: convolution {l + 1} has weight {w.ShapeText} and bias {b.ShapeText}; expected [C, {previous}, K, K] and [C]. Use torchvision's {AlexNetFile}.");
            convs[l] = new ConvLayer(w.Shape[0], previous, w.Shape[2], Geometry[l].Stride, Geometry[l].Padding, w.Data, b.Data);
            var v = Find(lin, linName, $"lin{l}.model.1.weight", $"lin{l}.model.weight");
            if (v.Data.Length != w.Shape[0])
                throw new InvalidDataException($"{linName}: lin{l} has shape {v.ShapeText} but convolution {l + 1} has {w.Shape[0]} channels. Use the lpips package's weights/v0.1/{LinearFile}.");
            linear[l] = v.Data;
            previous = w.Shape[0];
        }
        return new LpipsWeights(convs, linear);
    }

    private static TorchTensor Find(IReadOnlyDictionary<string, TorchTensor> tensors, string file, string name, string alternative)
    {
        foreach (var key in new[] { name, alternative, "module." + name })
            if (tensors.TryGetValue(key, out var t)) return t;
        throw new InvalidDataException($"{file} has no tensor {name} ({TorchCheckpoint.Describe(tensors)}). " +
            $"LPIPS needs torchvision's {AlexNetFile} and the lpips package's weights/v0.1/{LinearFile}.");
    }
}
