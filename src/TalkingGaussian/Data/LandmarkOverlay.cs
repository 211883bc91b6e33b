using TalkingGaussian.Media;

namespace TalkingGaussian.Data;

/// <summary>Draws a frame's 68 landmarks (inner lips in yellow, the rest in green) and its lips rectangle (red) on a copy of an RGB image.</summary>
public static class LandmarkOverlay
{
    /// <summary>The overlay; the input image is not modified.</summary>
    public static PlanarImage Draw(PlanarImage rgb, FaceLandmarks landmarks, LipsRectangle? lips = null)
    {
        var img = rgb with { Pixels = (float[])rgb.Pixels.Clone() };
        if (lips is { } r)
        {
            for (int x = r.ColStart; x <= r.ColEnd; x++) { Put(img, x, r.RowStart, 1, 0, 0); Put(img, x, r.RowEnd, 1, 0, 0); }
            for (int y = r.RowStart; y <= r.RowEnd; y++) { Put(img, r.ColStart, y, 1, 0, 0); Put(img, r.ColEnd, y, 1, 0, 0); }
        }
        for (int i = 0; i < FaceLandmarks.Count; i++)
        {
            int x = (int)MathF.Round(landmarks.X(i)), y = (int)MathF.Round(landmarks.Y(i));
            bool inner = i >= 60;
            Put(img, x, y, inner ? 1 : 0, 1, 0);
        }
        return img;
    }

    private static void Put(PlanarImage img, int x, int y, float r, float g, float b)
    {
        if (x < 0 || y < 0 || x >= img.Width || y >= img.Height) return;
        img[0, y, x] = r;
        img[1, y, x] = g;
        img[2, y, x] = b;
    }
}
