using OpenCvSharp;

namespace TalkingGaussian.Preparation;

/// <summary>
/// A frame's skin colour: the mean and covariance of (Cr, Cb) and the mean luma and value over the cheek pixels.
/// A pixel is skin when its (Cr, Cb) lies within 3σ (Mahalanobis) and its luma is at least 40% of the cheeks' (necks
/// are shadowed); a mouth pixel is a tooth when its saturation is below 60% of the cheeks' and its value at least 75%
/// of theirs (teeth are brighter and greyer than lips, tongue and the dark inside of the mouth).
/// </summary>
internal readonly struct SkinModel
{
    private readonly double _cr, _cb, _icc, _icb, _ibb, _luma, _saturation, _value;

    private SkinModel(double cr, double cb, double vcc, double vcb, double vbb, double luma, double saturation, double value)
    {
        (_cr, _cb, _luma, _saturation, _value) = (cr, cb, luma, saturation, value);
        // Regularised so a flat cheek patch (or a compressed video) does not make the ellipse degenerate.
        vcc += 4; vbb += 4;
        double det = vcc * vbb - vcb * vcb;
        (_icc, _icb, _ibb) = (vbb / det, -vcb / det, vcc / det);
    }

    public static unsafe SkinModel Learn(Mat ycrcb, Mat cheeks, Mat hsv)
    {
        byte* p = (byte*)ycrcb.Data, m = (byte*)cheeks.Data, q = (byte*)hsv.Data;
        long n = (long)ycrcb.Width * ycrcb.Height, count = 0;
        double sy = 0, sr = 0, sb = 0, srr = 0, srb = 0, sbb = 0, ss = 0, sv = 0;
        for (long i = 0; i < n; i++)
        {
            if (m[i] == 0) continue;
            double y = p[3 * i], r = p[3 * i + 1], b = p[3 * i + 2];
            sy += y; sr += r; sb += b; srr += r * r; srb += r * b; sbb += b * b;
            ss += q[3 * i + 1]; sv += q[3 * i + 2];
            count++;
        }
        if (count < 10) return new SkinModel(150, 110, 100, 0, 100, 128, 100, 150); // a typical skin tone when the cheeks are not visible
        double mr = sr / count, mb = sb / count;
        return new SkinModel(mr, mb, srr / count - mr * mr, srb / count - mr * mb, sbb / count - mb * mb, sy / count, ss / count, sv / count);
    }

    public bool IsSkin(byte y, byte cr, byte cb)
    {
        double dr = cr - _cr, db = cb - _cb;
        return dr * dr * _icc + 2 * dr * db * _icb + db * db * _ibb < 9 && y >= 0.4 * _luma;
    }

    public bool IsTeeth(byte saturation, byte value) => saturation < 0.6 * _saturation && value >= 0.75 * _value;
}
