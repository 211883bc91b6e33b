using System.Collections.Concurrent;

namespace TalkingGaussian.Data;

/// <summary>
/// A least-recently-used cache of decoded frames with a RAM budget in bytes and a bounded background prefetch.
/// The original preloads every frame (about 32 GB per 5,000 frames at 512×512); here at most
/// <see cref="BudgetBytes"/> of decoded frames are held, whatever the dataset size. A frame larger than the whole
/// budget is returned without being cached. Thread-safe.
/// </summary>
public sealed class FrameCache : IDisposable
{
    private readonly Func<int, FrameImages> _decode;
    private readonly object _gate = new();
    private readonly Dictionary<int, LinkedListNode<FrameImages>> _entries = [];
    private readonly LinkedList<FrameImages> _lru = new(); // first = most recently used
    private readonly Dictionary<int, TaskCompletionSource<FrameImages>> _inFlight = [];
    private readonly BlockingCollection<int> _prefetchQueue;
    private readonly Thread? _worker;
    private readonly CancellationTokenSource _stop = new();
    private long _largestFrame;

    /// <summary>Creates a cache over <paramref name="decode"/> (frame id → images).</summary>
    /// <param name="decode">Decodes one frame; called on the caller's thread or the prefetch thread.</param>
    /// <param name="budgetBytes">Most bytes of decoded frames held at once.</param>
    /// <param name="prefetchDepth">Frames decoded ahead in the background (0 disables prefetch); also capped by the budget.</param>
    public FrameCache(Func<int, FrameImages> decode, long budgetBytes, int prefetchDepth = 4)
    {
        if (budgetBytes <= 0) throw new ArgumentOutOfRangeException(nameof(budgetBytes), "The frame cache budget must be positive.");
        _decode = decode;
        BudgetBytes = budgetBytes;
        PrefetchDepth = Math.Max(0, prefetchDepth);
        _prefetchQueue = new BlockingCollection<int>(Math.Max(1, PrefetchDepth));
        if (PrefetchDepth > 0)
        {
            _worker = new Thread(PrefetchLoop) { IsBackground = true, Name = "frame prefetch" };
            _worker.Start();
        }
    }

    /// <summary>Default budget: 2 GB (2·10⁹ bytes), about 280 decoded frames at 512×512.</summary>
    public const long DefaultBudgetBytes = 2_000_000_000;

    /// <summary>Most bytes held at once.</summary>
    public long BudgetBytes { get; }

    /// <summary>Requested prefetch depth.</summary>
    public int PrefetchDepth { get; }

    /// <summary>Bytes currently accounted to cached frames.</summary>
    public long AccountedBytes { get; private set; }

    /// <summary>The largest <see cref="AccountedBytes"/> ever reached.</summary>
    public long PeakAccountedBytes { get; private set; }

    /// <summary>Frames currently cached.</summary>
    public int Count { get { lock (_gate) return _entries.Count; } }

    /// <summary>Requests served from the cache (including frames a prefetch was decoding).</summary>
    public long Hits { get; private set; }

    /// <summary>Requests that decoded on the caller's thread.</summary>
    public long Misses { get; private set; }

    /// <summary>Returns the decoded frame, from the cache or by decoding it now.</summary>
    public FrameImages Get(int imgId) => Fetch(imgId, countStats: true);

    /// <summary>
    /// Hints that <paramref name="imgId"/> will be wanted soon: it is decoded on the background thread if there is room
    /// in the (bounded) queue. Never blocks.
    /// </summary>
    public void Prefetch(int imgId)
    {
        if (_worker is null || _stop.IsCancellationRequested) return;
        lock (_gate)
        {
            if (_entries.ContainsKey(imgId) || _inFlight.ContainsKey(imgId)) return;
        }
        _prefetchQueue.TryAdd(imgId);
    }

    /// <summary>
    /// Frames in <paramref name="order"/> (e.g. the training order), keeping up to the prefetch depth decoding ahead.
    /// The depth is reduced so that the frames ahead plus the current one fit in the budget.
    /// </summary>
    public IEnumerable<FrameImages> Iterate(IReadOnlyList<int> order)
    {
        for (int k = 0; k < order.Count; k++)
        {
            int ahead = EffectiveDepth();
            for (int j = k + 1; j <= Math.Min(order.Count - 1, k + ahead); j++) Prefetch(order[j]);
            yield return Get(order[k]);
        }
    }

    private int EffectiveDepth()
    {
        long frame = Interlocked.Read(ref _largestFrame);
        if (frame == 0) return Math.Min(PrefetchDepth, 1);
        long fit = BudgetBytes / frame - 2; // the frame in use and one being decoded
        return (int)Math.Clamp(fit, 0, PrefetchDepth);
    }

    private FrameImages Fetch(int imgId, bool countStats)
    {
        TaskCompletionSource<FrameImages>? wait = null, mine = null;
        lock (_gate)
        {
            if (_entries.TryGetValue(imgId, out var node))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                if (countStats) Hits++;
                return node.Value;
            }
            if (_inFlight.TryGetValue(imgId, out wait))
            {
                if (countStats) Hits++;
            }
            else
            {
                mine = new TaskCompletionSource<FrameImages>(TaskCreationOptions.RunContinuationsAsynchronously);
                _inFlight[imgId] = mine;
                if (countStats) Misses++;
            }
        }
        if (wait is not null) return wait.Task.GetAwaiter().GetResult();
        FrameImages images;
        try
        {
            images = _decode(imgId);
        }
        catch (Exception e)
        {
            lock (_gate) _inFlight.Remove(imgId);
            mine!.SetException(e);
            throw;
        }
        lock (_gate)
        {
            _inFlight.Remove(imgId);
            Insert(images);
        }
        mine!.SetResult(images);
        return images;
    }

    private void Insert(FrameImages images)
    {
        long bytes = images.Bytes;
        if (bytes > _largestFrame) Interlocked.Exchange(ref _largestFrame, bytes);
        if (bytes > BudgetBytes || _entries.ContainsKey(images.ImgId)) return;
        while (AccountedBytes + bytes > BudgetBytes && _lru.Last is { } oldest)
        {
            _lru.RemoveLast();
            _entries.Remove(oldest.Value.ImgId);
            AccountedBytes -= oldest.Value.Bytes;
        }
        _entries[images.ImgId] = _lru.AddFirst(images);
        AccountedBytes += bytes;
        PeakAccountedBytes = Math.Max(PeakAccountedBytes, AccountedBytes);
    }

    private void PrefetchLoop()
    {
        try
        {
            foreach (var id in _prefetchQueue.GetConsumingEnumerable(_stop.Token))
            {
                try
                {
                    Fetch(id, countStats: false);
                }
                catch (Exception)
                {
                    // A frame that fails to decode is reported to the caller that asks for it (Get decodes it again).
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Drops every cached frame.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _lru.Clear();
            AccountedBytes = 0;
        }
    }

    /// <summary>Stops the prefetch thread and drops the cache.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _worker?.Join();
        _prefetchQueue.Dispose();
        _stop.Dispose();
        Clear();
    }
}
