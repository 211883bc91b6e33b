namespace TalkingGaussian.Preparation;

/// <summary>
/// MediaPipe's canonical face (<c>geometry_pipeline_metadata_landmarks.binarypb</c>): the 468 mesh vertices of a
/// neutral average face in centimetres, X to the image's right, Y up, Z towards the camera (the axes of the original's
/// Basel Face Model here), plus the 33 weighted landmarks MediaPipe fits its pose to. Decoded from the protobuf wire
/// format directly (GeometryPipelineMetadata: field 1 = canonical_mesh {3: vertex_buffer of x, y, z, u, v per vertex,
/// 4: index_buffer}, field 2 = procrustes_landmark_basis {1: landmark_id, 2: weight}, field 3 = input_source).
/// </summary>
public sealed class CanonicalFace
{
    private CanonicalFace(float[] vertices, int[] triangles, (int Id, float Weight)[] basis)
    {
        Vertices = vertices;
        Triangles = triangles;
        ProcrustesBasis = basis;
    }

    /// <summary>[x0, y0, z0, x1, …] in centimetres, 468 vertices.</summary>
    public float[] Vertices { get; }

    /// <summary>Triangle vertex indices, three per triangle.</summary>
    public int[] Triangles { get; }

    /// <summary>MediaPipe's weighted landmarks for rigid fitting.</summary>
    public (int Id, float Weight)[] ProcrustesBasis { get; }

    /// <summary>Vertex <paramref name="i"/> in metres.</summary>
    public (double X, double Y, double Z) Metres(int i) => (Vertices[3 * i] / 100.0, Vertices[3 * i + 1] / 100.0, Vertices[3 * i + 2] / 100.0);

    /// <summary>Reads and checks the metadata file.</summary>
    public static CanonicalFace Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var basis = new List<(int, float)>();
        var buffer = new List<float>();
        var indices = new List<int>();
        try
        {
            var top = new ProtoReader(bytes);
            while (top.Next(out int field, out var value))
            {
                if (field == 2)
                {
                    var r = new ProtoReader(value.ToArray());
                    int id = 0;
                    float weight = 0;
                    while (r.Next(out int f, out var v))
                    {
                        if (f == 1) id = (int)r.LastVarint;
                        else if (f == 2) weight = BitConverter.ToSingle(v);
                    }
                    basis.Add((id, weight));
                }
                else if (field == 1)
                {
                    var mesh = new ProtoReader(value.ToArray());
                    while (mesh.Next(out int f, out var v))
                    {
                        // Repeated scalars may be packed or one per field; both forms are read.
                        if (f == 3) buffer.AddRange(ProtoReader.PackedFloats(v));
                        else if (f == 4 && v.Length == 0) indices.Add((int)mesh.LastVarint);
                        else if (f == 4) indices.AddRange(ProtoReader.PackedVarints(v));
                    }
                }
            }
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidDataException)
        {
            throw new InvalidDataException($"{path} is not MediaPipe's face geometry metadata ({e.Message}). Fetch it again with `tg models fetch`.", e);
        }
        if (buffer.Count != 5 * FaceMeshResult.PointCount || indices.Count % 3 != 0)
            throw new InvalidDataException($"{path}: the canonical mesh must have 468 vertices of 5 values and whole triangles. Fetch it again with `tg models fetch`.");
        var xyz = new float[3 * FaceMeshResult.PointCount];
        for (int i = 0; i < FaceMeshResult.PointCount; i++)
            for (int c = 0; c < 3; c++) xyz[3 * i + c] = buffer[5 * i + c];
        return new CanonicalFace(xyz, indices.ToArray(), basis.ToArray());
    }
}
