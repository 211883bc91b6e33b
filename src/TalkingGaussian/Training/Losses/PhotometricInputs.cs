namespace TalkingGaussian.Training.Losses;

/// <summary>The shape checks every photometric loss runs first, with messages that name the span and the fix.</summary>
internal static class PhotometricInputs
{
    /// <summary>Throws unless image and target are [3, H, W] and the gradient is empty or [3, H, W].</summary>
    public static void Check(int image, int target, int width, int height, int gradient)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"The image size must be positive; got {width}×{height}.");
        long expected = 3L * width * height;
        if (image != expected)
            throw new ArgumentException($"The image holds {image} floats; a planar RGB [3, {height}, {width}] image holds {expected}.", "image");
        if (target != expected)
            throw new ArgumentException($"The target holds {target} floats; it must match the image: [3, {height}, {width}] = {expected}.", "target");
        if (gradient != 0 && gradient != expected)
            throw new ArgumentException($"The gradient holds {gradient} floats; pass an empty span or one of {expected} floats (the image's layout).", "gradient");
    }
}
