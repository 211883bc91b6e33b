using TalkingGaussian.Data;
using TalkingGaussian.Inference;

namespace TalkingGaussian.Tests.Inference;

[Collection(ExclusiveCollection.Name)]
public sealed class DrivingAudioTests(TrainedSpeakerFixture fixture) : IClassFixture<TrainedSpeakerFixture>
{
    /// <summary>
    /// A WAV is featurised as the dataset's own features were: the speaker's aud.wav gives back aud_ds.npy, window for
    /// window, so a model hears new audio as it heard its training audio.
    /// </summary>
    [Fact]
    public void The_datasets_own_wav_gives_the_features_it_was_trained_on()
    {
        var fromWav = DrivingAudio.FromWav(fixture.Files.AudioWav, AudioExtractor.DeepSpeech);
        var stored = AudioFeatureArray.Read(fixture.Files.AudioFeatures(AudioExtractor.DeepSpeech));
        Assert.Equal(stored.Rows, fromWav.Frames);
        var a = new float[stored.WindowLength];
        var b = new float[stored.WindowLength];
        for (int k = 0; k < stored.Rows; k++)
        {
            stored.Window(k, a);
            fromWav.Window(k, b);
            Assert.Equal(a, b); // float64 on disk read back as float32: the same values
        }
        Assert.Equal(fixture.Files.AudioWav, fromWav.SoundPath);
    }

    [Fact]
    public void A_split_drives_its_own_frames_and_the_matching_stretch_of_sound()
    {
        var val = TransformsFile.Read(fixture.Files.Transforms(DatasetSplit.Val));
        var audio = DrivingAudio.FromSplit(fixture.Files, DatasetSplit.Val, AudioExtractor.DeepSpeech);
        Assert.Equal(val.Frames.Select(f => f.ImgId), audio.ImgIds!);
        Assert.Equal(val.Frames[0].ImgId / 25.0, audio.SoundStartSeconds, 12);
        var stored = AudioFeatureArray.Read(fixture.Files.AudioFeatures(AudioExtractor.DeepSpeech));
        var window = new float[stored.WindowLength];
        audio.Window(1, window);
        Assert.Equal(stored.Window(val.Frames[1].ImgId), window);
    }

    [Fact]
    public void Features_of_another_kind_are_refused_with_the_file_and_the_fix()
    {
        string npy = fixture.Files.AudioFeatures(AudioExtractor.DeepSpeech);
        var e = Assert.Throws<InvalidDataException>(() => DrivingAudio.FromFeatures(npy, AudioExtractor.Hubert, null));
        Assert.Contains(npy, e.Message);
        Assert.Contains("Hubert", e.Message);
        e = Assert.Throws<InvalidDataException>(() => DrivingAudio.FromWav(fixture.Files.AudioWav, AudioExtractor.Esperanto));
        Assert.Contains("--features", e.Message);
    }
}
