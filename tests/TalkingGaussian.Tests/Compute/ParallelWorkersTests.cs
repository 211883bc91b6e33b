using TalkingGaussian.Compute;

namespace TalkingGaussian.Tests.Compute;

/// <summary>The CPU paths' worker team: every worker or item runs exactly once, errors surface, nested calls do not deadlock.</summary>
public class ParallelWorkersTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void RunCallsEveryWorkerOnceAndForEveryItemOnce(int threads)
    {
        var team = ParallelWorkers.Get(threads);
        Assert.Same(team, ParallelWorkers.Get(threads));
        var calls = new int[threads];
        for (int repeat = 0; repeat < 50; repeat++) team.Run(w => Interlocked.Increment(ref calls[w]));
        Assert.All(calls, c => Assert.Equal(50, c));

        var items = new int[1001];
        var workersSeen = new int[threads];
        team.For(items.Length, (w, i) => { Interlocked.Increment(ref items[i]); Interlocked.Increment(ref workersSeen[w]); });
        Assert.All(items, c => Assert.Equal(1, c));
        Assert.Equal(items.Length, workersSeen.Sum());
        team.For(0, (_, _) => throw new InvalidOperationException("no items"));
    }

    [Fact]
    public void SharesCoverTheRangeAndErrorsAndNestedCallsAreHandled()
    {
        var team = ParallelWorkers.Get(3);
        int covered = 0;
        for (int w = 0; w < team.Count; w++)
        {
            var (start, end) = team.Share(w, 10);
            Assert.Equal(covered, start);
            covered = end;
        }
        Assert.Equal(10, covered);

        var e = Assert.Throws<InvalidOperationException>(() => team.Run(w => { if (w == 2) throw new InvalidOperationException("worker 2"); }));
        Assert.Equal("worker 2", e.Message);
        int inner = 0;
        team.Run(_ => team.Run(_ => Interlocked.Increment(ref inner))); // the inner call runs its workers in turn
        Assert.Equal(9, inner);
        Assert.Throws<ArgumentOutOfRangeException>(() => ParallelWorkers.Get(0));
    }
}
