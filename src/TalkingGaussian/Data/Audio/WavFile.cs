using System.Buffers.Binary;
using System.Text;
using TalkingGaussian.Media;

namespace TalkingGaussian.Data.Audio;

/// <summary>
/// RIFF/WAVE reading (PCM 8/16/24/32-bit, IEEE float 32/64-bit, WAVE_FORMAT_EXTENSIBLE; channels are averaged to mono)
/// and writing (16-bit PCM mono, atomically).
/// </summary>
public static class WavFile
{
    /// <summary>Reads a WAV file as mono.</summary>
    public static AudioClip Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist.", path);
        var b = File.ReadAllBytes(path);
        if (b.Length < 12 || Encoding.ASCII.GetString(b, 0, 4) != "RIFF" || Encoding.ASCII.GetString(b, 8, 4) != "WAVE")
            throw new InvalidDataException($"{path} is not a RIFF/WAVE file. Convert it, e.g. `ffmpeg -i in -ac 1 -ar 16000 out.wav`.");
        int pos = 12, format = -1, channels = 0, rate = 0, bits = 0;
        while (pos + 8 <= b.Length)
        {
            string id = Encoding.ASCII.GetString(b, pos, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(pos + 4));
            int body = pos + 8;
            if (id == "fmt ")
            {
                format = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(body));
                channels = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(body + 2));
                rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(body + 4));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(body + 14));
                if (format == 0xFFFE && size >= 26) format = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(body + 24));
            }
            else if (id == "data")
            {
                if (format < 0) throw new InvalidDataException($"{path}: the data chunk comes before the fmt chunk.");
                // Streams written to a pipe carry a placeholder length: read to the end of the file then.
                long available = b.Length - body;
                int length = (int)Math.Min(size, available);
                return new AudioClip(Decode(b.AsSpan(body, length), format, channels, bits, path), rate);
            }
            pos = body + (int)Math.Min(size + (size & 1), b.Length);
        }
        throw new InvalidDataException($"{path}: no data chunk. The file is truncated; re-export it.");
    }

    private static float[] Decode(ReadOnlySpan<byte> data, int format, int channels, int bits, string path)
    {
        if (channels <= 0) throw new InvalidDataException($"{path}: {channels} channels.");
        int bytes = bits / 8;
        bool pcm = format == 1 && bits is 8 or 16 or 24 or 32;
        bool flt = format == 3 && bits is 32 or 64;
        if (!pcm && !flt)
            throw new InvalidDataException($"{path}: WAV format {format} with {bits} bits is not supported (PCM 8–32 bit and float 32/64 are). Convert with `sox in.wav -b 16 out.wav`.");
        int frames = data.Length / (bytes * channels);
        var mono = new float[frames];
        for (int f = 0; f < frames; f++)
        {
            double sum = 0;
            for (int c = 0; c < channels; c++)
            {
                var s = data.Slice((f * channels + c) * bytes, bytes);
                sum += (flt, bits) switch
                {
                    (true, 32) => BinaryPrimitives.ReadSingleLittleEndian(s),
                    (true, _) => BinaryPrimitives.ReadDoubleLittleEndian(s),
                    (false, 8) => (s[0] - 128) / 128.0,
                    (false, 16) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768.0,
                    (false, 24) => ((s[0] | (s[1] << 8) | (s[2] << 16)) << 8 >> 8) / 8388608.0,
                    _ => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648.0,
                };
            }
            mono[f] = (float)(sum / channels);
        }
        return mono;
    }

    /// <summary>A sample as 16-bit PCM: round(v·32768) clipped to [−32768, 32767], the inverse of the reader's s/32768.</summary>
    public static short ToPcm16(float v) => (short)Math.Clamp(Math.Round(v * 32768.0), -32768, 32767);

    /// <summary>The value a sample reads back as after a 16-bit PCM round trip.</summary>
    public static float QuantizePcm16(float v) => ToPcm16(v) / 32768f;

    /// <summary>Writes 16-bit PCM mono atomically (samples clipped to [−1, 1)).</summary>
    public static void Write(string path, AudioClip clip) => AtomicFile.WriteAllBytes(path, Encode(clip));

    /// <summary>16-bit PCM mono WAV bytes.</summary>
    public static byte[] Encode(AudioClip clip)
    {
        int n = clip.Samples.Length;
        var b = new byte[44 + 2 * n];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(b, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)(36 + 2 * n));
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(b, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(22), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(24), (uint)clip.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(28), (uint)(2 * clip.SampleRate));
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(32), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(34), 16);
        Encoding.ASCII.GetBytes("data").CopyTo(b, 36);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(40), (uint)(2 * n));
        for (int i = 0; i < n; i++)
        {
            short v = ToPcm16(clip.Samples[i]);
            BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(44 + 2 * i), v);
        }
        return b;
    }
}
