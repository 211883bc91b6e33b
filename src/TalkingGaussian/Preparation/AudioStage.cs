using TalkingGaussian.Data.Audio;
using TalkingGaussian.Data.Npy;
using TalkingGaussian.Data;
using TalkingGaussian.Media;

namespace TalkingGaussian.Preparation;

/// <summary>Stage "audio": <c>aud.wav</c> (16 kHz mono PCM, by ffmpeg) and the project's own speech features <c>aud_ds.npy</c>.</summary>
internal static class AudioStage
{
    public static void Run(PreparationContext c)
    {
        var wav = c.Files.AudioWav;
        var partial = wav + ".partial.wav";
        var args = new List<string> { "-v", "error", "-y", "-i", c.Video.Path, "-vn", "-acodec", "pcm_s16le", "-ar", "16000", "-ac", "1" };
        if (c.Options.MaxFrames > 0) args.AddRange(["-t", (c.Options.MaxFrames / VideoInfo.DatasetFps).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        args.Add(partial);
        ExternalTool.Run("ffmpeg", args, "extract the audio track");
        File.Move(partial, wav, overwrite: true);
        var features = SpeechFeatureWindows.Extract(SpeechSource.FromWav(wav));
        NpyWriter.Write(c.Files.AudioFeatures(AudioExtractor.DeepSpeech), features);
        c.Log($"audio: aud.wav and aud_ds.npy [{string.Join(", ", features.Shape)}]");
    }
}
