using System.Numerics;

namespace TalkingGaussian.Rendering;

/// <summary>
/// A pinhole camera in the dataset convention of the original (shared/reference/original-code.md §1.2):
/// world-to-view in OpenCV axes (x right, y down, z forward), one focal length, principal point at the image centre,
/// and a perspective projection with znear 0.01 and zfar 100 that only shapes NDC.
/// Pixel centres are integers: <c>x_pix = fx·x/z + (W−1)/2</c>.
/// </summary>
public sealed record Camera
{
    /// <summary>Near plane of the projection matrix (not the cull distance: <see cref="RasterSettings.NearCull"/> is).</summary>
    public const float DefaultZNear = 0.01f;

    /// <summary>Far plane of the projection matrix; there is no far cull.</summary>
    public const float DefaultZFar = 100f;

    /// <summary>Creates a camera from a world-to-view transform and fields of view in radians.</summary>
    public Camera(RigidTransform worldToView, float fovX, float fovY, int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Image size must be positive, got {width}×{height}.");
        if (!(fovX > 0 && fovX < MathF.PI) || !(fovY > 0 && fovY < MathF.PI))
            throw new ArgumentOutOfRangeException(nameof(fovX), $"Fields of view must lie in (0, π), got {fovX}, {fovY}.");
        WorldToView = worldToView;
        FovX = fovX;
        FovY = fovY;
        Width = width;
        Height = height;
    }

    /// <summary>World-to-view transform, OpenCV axes.</summary>
    public RigidTransform WorldToView { get; }

    /// <summary>Horizontal field of view, radians.</summary>
    public float FovX { get; }

    /// <summary>Vertical field of view, radians.</summary>
    public float FovY { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Projection near plane.</summary>
    public float ZNear { get; init; } = DefaultZNear;

    /// <summary>Projection far plane.</summary>
    public float ZFar { get; init; } = DefaultZFar;

    /// <summary>tan(FovX/2).</summary>
    public float TanHalfFovX => MathF.Tan(0.5f * FovX);

    /// <summary>tan(FovY/2).</summary>
    public float TanHalfFovY => MathF.Tan(0.5f * FovY);

    /// <summary>Focal length in pixels along x: W / (2 tan(FovX/2)).</summary>
    public float Fx => Width / (2f * TanHalfFovX);

    /// <summary>Focal length in pixels along y: H / (2 tan(FovY/2)).</summary>
    public float Fy => Height / (2f * TanHalfFovY);

    /// <summary>Camera centre in world coordinates (SH view directions start here).</summary>
    public Vector3 Center => WorldToView.Inverse().Translation;

    /// <summary>Field of view for a focal length in pixels: 2·atan(size / (2f)) (the original's focal2fov).</summary>
    public static float FocalToFov(double focal, int size) => (float)(2 * Math.Atan(size / (2 * focal)));

    /// <summary>
    /// The loader conversion of the original: <paramref name="cameraToWorldOpenGl"/> is a row-major 4×4
    /// camera-to-world in OpenGL axes (a <c>transform_matrix</c> of transforms_*.json). Columns 1 and 2 of its rotation are
    /// negated (OpenGL → OpenCV axes) and the result inverted to world-to-view.
    /// </summary>
    public static Camera FromTransformMatrix(double[,] cameraToWorldOpenGl, double focal, int width, int height)
    {
        if (cameraToWorldOpenGl.GetLength(0) < 3 || cameraToWorldOpenGl.GetLength(1) != 4)
            throw new ArgumentException("transform_matrix must be 4×4 (or 3×4).", nameof(cameraToWorldOpenGl));
        var c2w = (double[,])cameraToWorldOpenGl.Clone();
        for (int r = 0; r < 3; r++)
        {
            c2w[r, 1] = -c2w[r, 1];
            c2w[r, 2] = -c2w[r, 2];
        }
        var worldToView = RigidTransform.FromMatrix(c2w).Inverse();
        return new Camera(worldToView, FocalToFov(focal, width), FocalToFov(focal, height), width, height);
    }

    /// <summary>A camera at <paramref name="eye"/> looking at <paramref name="target"/>, with image-up along <paramref name="up"/>.</summary>
    public static Camera LookAt(Vector3 eye, Vector3 target, Vector3 up, float fovY, int width, int height)
    {
        var forward = Vector3.Normalize(target - eye);           // +z of the view
        var right = Vector3.Normalize(Vector3.Cross(forward, up)); // +x of the view (y points down)
        var down = Vector3.Cross(forward, right);                  // +y of the view
        var r = new RigidTransform(
            right.X, right.Y, right.Z,
            down.X, down.Y, down.Z,
            forward.X, forward.Y, forward.Z,
            0, 0, 0);
        var t = -r.Rotate(eye);
        float fovX = 2f * MathF.Atan(MathF.Tan(0.5f * fovY) * width / height);
        return new Camera(r with { T0 = t.X, T1 = t.Y, T2 = t.Z }, fovX, fovY, width, height);
    }

    /// <summary>World point to pixel coordinates (integer pixel centres) and view depth z.</summary>
    public (float X, float Y, float Depth) Project(Vector3 world)
    {
        var v = WorldToView.Apply(world);
        return (Fx * v.X / v.Z + 0.5f * (Width - 1), Fy * v.Y / v.Z + 0.5f * (Height - 1), v.Z);
    }
}
