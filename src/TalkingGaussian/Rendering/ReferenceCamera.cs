namespace TalkingGaussian.Rendering;

/// <summary>
/// What the reference rasterizer reads from a <see cref="Camera"/> and <see cref="RasterSettings"/>, in double:
/// the world-to-view rotation W and translation t_w (OpenCV axes), the pinhole intrinsics with the principal point at
/// the image centre (pixel centres are integers), the Jacobian clamp and the tile grid.
/// </summary>
public readonly struct ReferenceCamera
{
    /// <summary>Builds the camera for <paramref name="camera"/> under <paramref name="settings"/>.</summary>
    public ReferenceCamera(Camera camera, RasterSettings settings)
    {
        var v = camera.WorldToView;
        W = Mat3.RotationOf(v);
        (Tx, Ty, Tz) = (v.T0, v.T1, v.T2);
        double tanX = Math.Tan(0.5 * camera.FovX), tanY = Math.Tan(0.5 * camera.FovY);
        Fx = camera.Width / (2 * tanX);
        Fy = camera.Height / (2 * tanY);
        Cx = 0.5 * (camera.Width - 1);
        Cy = 0.5 * (camera.Height - 1);
        LimX = 1.3 * tanX;
        LimY = 1.3 * tanY;
        // Camera centre −Wᵀ t_w: where SH view directions start.
        (CamX, CamY, CamZ) = W.Transpose().Apply(-Tx, -Ty, -Tz);
        Width = camera.Width;
        Height = camera.Height;
        TilesX = (Width + RasterSettings.TileSize - 1) / RasterSettings.TileSize;
        TilesY = (Height + RasterSettings.TileSize - 1) / RasterSettings.TileSize;
        Settings = settings;
    }

    /// <summary>World-to-view rotation W.</summary>
    public Mat3 W { get; }

    /// <summary>World-to-view translation t_w.</summary>
    public double Tx { get; }

    /// <inheritdoc cref="Tx"/>
    public double Ty { get; }

    /// <inheritdoc cref="Tx"/>
    public double Tz { get; }

    /// <summary>Focal lengths in pixels: W / (2 tan(FovX/2)), H / (2 tan(FovY/2)).</summary>
    public double Fx { get; }

    /// <inheritdoc cref="Fx"/>
    public double Fy { get; }

    /// <summary>Principal point ((W − 1)/2, (H − 1)/2).</summary>
    public double Cx { get; }

    /// <inheritdoc cref="Cx"/>
    public double Cy { get; }

    /// <summary>The released rasterizer clamps x/z and y/z to ±1.3·tan(fov/2) before forming the Jacobian.</summary>
    public double LimX { get; }

    /// <inheritdoc cref="LimX"/>
    public double LimY { get; }

    /// <summary>Camera centre in world coordinates.</summary>
    public double CamX { get; }

    /// <inheritdoc cref="CamX"/>
    public double CamY { get; }

    /// <inheritdoc cref="CamX"/>
    public double CamZ { get; }

    /// <summary>Image size.</summary>
    public int Width { get; }

    /// <inheritdoc cref="Width"/>
    public int Height { get; }

    /// <summary>16×16 tiles across and down.</summary>
    public int TilesX { get; }

    /// <inheritdoc cref="TilesX"/>
    public int TilesY { get; }

    /// <summary>The raster settings (cut-offs, low-pass, background).</summary>
    public RasterSettings Settings { get; }

    /// <summary>View position t = W μ + t_w.</summary>
    public (double X, double Y, double Z) ToView(double x, double y, double z)
    {
        var (vx, vy, vz) = W.Apply(x, y, z);
        return (vx + Tx, vy + Ty, vz + Tz);
    }
}
