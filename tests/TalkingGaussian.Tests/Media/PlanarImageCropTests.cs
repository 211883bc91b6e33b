using TalkingGaussian.Media;

namespace TalkingGaussian.Tests.Media;

public sealed class PlanarImageCropTests
{
    [Fact]
    public void A_crop_copies_the_region_of_every_channel_and_clips_at_the_border()
    {
        var image = new PlanarImage(5, 4, 2);
        for (int i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = i;
        var crop = image.Crop(3, 1, 4, 2); // reaches past the right border: 2 columns remain
        Assert.Equal((2, 2, 2), (crop.Width, crop.Height, crop.Channels));
        for (int c = 0; c < 2; c++)
            for (int y = 0; y < 2; y++)
                for (int x = 0; x < 2; x++)
                    Assert.Equal(image[c, y + 1, x + 3], crop[c, y, x]);
        Assert.Throws<ArgumentException>(() => image.Crop(5, 0, 2, 2));
    }
}
