using TalkingGaussian.Training;
using TalkingGaussian.Training.Settings;
using TalkingGaussian.Training.Stages;
using Xunit.Abstractions;

namespace TalkingGaussian.Tests.Training;

/// <summary>
/// A warm training step allocates (almost) nothing: buffers are reused from one iteration to the next, so a long run puts
/// no pressure on the garbage collector. Measured process-wide (the SIMD paths run on worker threads) around steps whose
/// frames are already decoded and cached, with densification off (it resizes the arrays by design).
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class StepAllocationTests(TinySpeakerFixture fixture, ITestOutputHelper output) : IClassFixture<TinySpeakerFixture>
{
    private static TrainingSettings Settings => TinySpeakerFixture.Settings with
    {
        Stages = [TrainingStage.Face],
        Face = new FaceStageSettings
        {
            Iterations = 100_000, InitialGaussians = 2000, WarmUpFraction = 0,
            Densification = new DensificationSettings { UntilFraction = 0 },
        },
    };

    [Fact]
    public void AWarmFaceStepAllocatesAlmostNothing()
    {
        using var dataset = fixture.Open();
        foreach (var frame in dataset.Train.Frames) dataset.Images(frame); // decoded frames are cached data, not step garbage
        using var context = new TrainingContext(Settings, dataset, TestDevices.Cpu);
        var state = new TrainingState();
        using var stage = new FaceStage(context, state);
        for (int it = 1; it <= 3; it++) stage.Step(it); // warm-up: JIT, buffers grown to size
        const int steps = 10;
        long before = GC.GetTotalAllocatedBytes(precise: true), beforeHere = GC.GetAllocatedBytesForCurrentThread();
        for (int it = 4; it < 4 + steps; it++) stage.Step(it);
        long perStep = (GC.GetTotalAllocatedBytes(precise: true) - before) / steps;
        long perStepHere = (GC.GetAllocatedBytesForCurrentThread() - beforeHere) / steps;
        output.WriteLine($"{perStep} bytes per warm face step in the process, {perStepHere} on the stepping thread ({stage.Sampler.Order.Length} frames, 2000 Gaussians, 64×64)");
        // Before the buffers were reused a step allocated 32 kB (the audio window, the audio networks' backward scratch,
        // List.Find closures per motion block). What is left on the stepping thread is the sampler's record of the draw
        // (measured 80 bytes); the process-wide figure also counts the test host's threads (measured 500 bytes).
        Assert.True(perStepHere <= 128, $"a warm face step allocated {perStepHere} bytes on its thread");
        Assert.True(perStep < 4096, $"a warm face step allocated {perStep} bytes in the process");
    }
}
