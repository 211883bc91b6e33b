using System.Runtime.ExceptionServices;

namespace TalkingGaussian.Compute;

/// <summary>
/// A fixed team of threads for the fork–join loops of the CPU paths (the SIMD motion fields and rasterizer): <see cref="Run"/>
/// calls one body once per worker index, the calling thread running worker 0, and returns when all have finished;
/// <see cref="For"/> hands items out one at a time to whichever worker is free, so a worker the OS holds back (a busy
/// laptop, a shared machine) delays the loop by one item, not by its whole share.
/// The helper threads are started once and wait on a semaphore between calls, so a call allocates nothing (unlike
/// <c>Parallel.For</c>) and costs a wake-up, not a task. One call runs at a time; a body that calls <see cref="Run"/>
/// again runs the inner call's workers one after another on its own thread.
/// </summary>
/// <remarks>
/// The CPU paths mark their SIMD loops <c>MethodImplOptions.AggressiveOptimization</c>: they are compiled optimised on first
/// use, because tier-0 code of Vector256 intrinsics runs several times slower and a notebook may call them only a few times.
/// </remarks>
public sealed class ParallelWorkers
{
    private static readonly Dictionary<int, ParallelWorkers> Teams = new();

    [ThreadStatic] private static bool _insideRun;

    private readonly object _runLock = new();
    private readonly SemaphoreSlim[] _start;
    private readonly CountdownEvent _done;
    private readonly Action<int> _forLoop;
    private Action<int>? _body;
    private Action<int, int>? _forBody;
    private int _forCount, _forNext;
    private Exception? _error;

    private ParallelWorkers(int count)
    {
        Count = count;
        _start = new SemaphoreSlim[count - 1];
        _done = new CountdownEvent(1);
        _forLoop = ForLoop;
        for (int i = 0; i < _start.Length; i++)
        {
            _start[i] = new SemaphoreSlim(0);
            int worker = i + 1;
            new Thread(() => Loop(worker)) { IsBackground = true, Name = $"tg worker {worker}/{count}" }.Start();
        }
    }

    /// <summary>The process-wide team of <paramref name="threads"/> workers (created on first use, never stopped).</summary>
    public static ParallelWorkers Get(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "A team needs at least one worker.");
        lock (Teams)
        {
            if (!Teams.TryGetValue(threads, out var team)) Teams[threads] = team = new ParallelWorkers(threads);
            return team;
        }
    }

    /// <summary>One worker per core of this machine.</summary>
    public static ParallelWorkers PerCore => Get(Environment.ProcessorCount);

    /// <summary>Number of workers (threads, the caller's included).</summary>
    public int Count { get; }

    /// <summary>
    /// Runs <paramref name="body"/>(w) for every worker w in [0, <see cref="Count"/>) at once and waits for all of them.
    /// The first exception a body throws is rethrown here once every worker has finished.
    /// </summary>
    public void Run(Action<int> body)
    {
        if (Count == 1 || _insideRun)
        {
            for (int w = 0; w < Count; w++) body(w);
            return;
        }
        lock (_runLock)
        {
            _insideRun = true;
            try
            {
                _body = body;
                _error = null;
                _done.Reset(Count - 1);
                foreach (var s in _start) s.Release();
                try
                {
                    body(0);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _error, e, null);
                }
                _done.Wait();
                _body = null;
                if (_error is { } error) ExceptionDispatchInfo.Capture(error).Throw();
            }
            finally
            {
                _insideRun = false;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/>(worker, item) for every item in [0, <paramref name="count"/>), each item once, on whichever
    /// worker takes it next; returns when all are done. Which worker ran an item varies from call to call: bodies that write
    /// per-item results stay deterministic, bodies that accumulate per worker do not.
    /// </summary>
    public void For(int count, Action<int, int> body)
    {
        if (Count == 1 || _insideRun)
        {
            for (int i = 0; i < count; i++) body(0, i);
            return;
        }
        lock (_runLock)
        {
            _forBody = body;
            _forCount = count;
            _forNext = -1;
            try { Run(_forLoop); }
            finally { _forBody = null; }
        }
    }

    /// <summary>The contiguous share [Start, End) of <paramref name="items"/> items that worker <paramref name="worker"/> takes.</summary>
    public (int Start, int End) Share(int worker, int items) =>
        ((int)((long)items * worker / Count), (int)((long)items * (worker + 1) / Count));

    private void ForLoop(int worker)
    {
        var body = _forBody!;
        for (int i = Interlocked.Increment(ref _forNext); i < _forCount; i = Interlocked.Increment(ref _forNext)) body(worker, i);
    }

    private void Loop(int worker)
    {
        _insideRun = true;
        while (true)
        {
            _start[worker - 1].Wait();
            try
            {
                _body!(worker);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
            finally
            {
                _done.Signal();
            }
        }
    }
}
