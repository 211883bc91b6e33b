using System.Runtime.InteropServices;
using System.Text;
using TalkingGaussian.Data.Npy;

namespace TalkingGaussian.Preparation;

/// <summary>
/// <c>mesh468.npy</c>: the face mesh of every frame, float32 [N, 468, 3] (x, y in pixels, z relative depth), kept in the
/// dataset as the preparation's intermediate (like the original's <c>track_params.pt</c>). It is written one frame at a
/// time and read one frame at a time, so memory stays constant however long the video.
/// </summary>
public static class MeshTrack
{
    public const string FileName = "mesh468.npy";
    private const int FrameFloats = 3 * FaceMeshResult.PointCount;

    /// <summary>Writes the track frame by frame: call <see cref="Writer.Add"/> N times, then <see cref="Writer.Commit"/>.</summary>
    public sealed class Writer : IDisposable
    {
        private readonly string _path, _temp;
        private readonly FileStream _stream;
        private readonly int _frames;
        private readonly byte[] _bytes = new byte[4 * FrameFloats];
        private int _written;

        public Writer(string path, int frames)
        {
            (_path, _frames) = (path, frames);
            _temp = path + ".partial";
            _stream = new FileStream(_temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            _stream.Write(Encoding.Latin1.GetBytes(NpyWriter.HeaderText(NpyDType.Float32, [frames, FaceMeshResult.PointCount, 3])));
        }

        public void Add(FaceMeshResult mesh)
        {
            MemoryMarshal.AsBytes(mesh.Points.AsSpan()).CopyTo(_bytes);
            _stream.Write(_bytes);
            _written++;
        }

        /// <summary>Closes the file and renames it into place once all frames are in.</summary>
        public void Commit()
        {
            if (_written != _frames) throw new InvalidOperationException($"{_written} of {_frames} meshes written.");
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            File.Move(_temp, _path, overwrite: true);
        }

        public void Dispose()
        {
            _stream.Dispose();
            if (File.Exists(_temp)) File.Delete(_temp);
        }
    }

    /// <summary>Random access to the frames of a written track.</summary>
    public sealed class Reader : IDisposable
    {
        private readonly FileStream _stream;
        private readonly long _dataStart;
        private readonly byte[] _bytes = new byte[4 * FrameFloats];

        public Reader(string path)
        {
            var (dtype, shape) = NpyReader.ReadHeader(path);
            if (dtype != NpyDType.Float32 || shape.Length != 3 || shape[1] != FaceMeshResult.PointCount || shape[2] != 3)
                throw new InvalidDataException($"{path} is not a float32 [N, 468, 3] mesh track. Delete it and run tg prepare again.");
            Frames = shape[0];
            _stream = File.OpenRead(path);
            _dataStart = _stream.Length - (long)Frames * _bytes.Length;
        }

        public int Frames { get; }

        /// <summary>The mesh of frame <paramref name="k"/> (a fresh array).</summary>
        public FaceMeshResult this[int k]
        {
            get
            {
                _stream.Position = _dataStart + (long)k * _bytes.Length;
                _stream.ReadExactly(_bytes);
                var points = new float[FrameFloats];
                MemoryMarshal.Cast<byte, float>(_bytes).CopyTo(points);
                return new FaceMeshResult(points, 1);
            }
        }

        public void Dispose() => _stream.Dispose();
    }
}
