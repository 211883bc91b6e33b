using System.Runtime.CompilerServices;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Motion.Cpu;

/// <summary>
/// What one worker hands a field's block pipeline: the pinned inputs and outputs of the call, the worker's own scratch and
/// gradient accumulators, and which Gaussians the block holds (rows [First, First + Count) of the call's arrays).
/// </summary>
internal unsafe struct BlockPass
{
    /// <summary>The field's flat parameters.</summary>
    public float* Parameters;

    /// <summary>The frame's attended audio a and encoded expression e.</summary>
    public float* Audio, Expression;

    /// <summary>Forward: the output deltas [N, Stride] and attention magnitudes [N, 2]; backward: their upstream gradients.</summary>
    public float* Values, Attention;

    /// <summary>Backward: the caller's ∂L/∂μ [N, 3] (added to).</summary>
    public float* MeanGradient;

    /// <summary>The block's saved rows (forward: written; backward: read), [ContextRows, BlockWidth].</summary>
    public float* Context;

    /// <summary>The block's means [3, BlockWidth] (padding lanes 0) and, in the backward pass, ∂L/∂μ [3, BlockWidth] (zeroed).</summary>
    public float* Means, BlockMeanGradient;

    /// <summary>The worker's scratch rows and its gradient accumulators: parameters and what the field sums for the frame.</summary>
    public float* Scratch, Gradient, FrameGradient;

    /// <summary>First Gaussian of the block and how many it holds (≤ BlockWidth; the rest is padding).</summary>
    public int First, Count;
}

/// <summary>
/// The frame of a SIMD CPU motion-field backend (<see cref="FaceMotionSimd"/>, <see cref="MouthMotionSimd"/>): Gaussians in
/// blocks of <see cref="BlockWidth"/>, handed out to <see cref="ParallelWorkers"/> one at a time; the forward pass saves each
/// block's activations for the backward pass. The backward pass cuts the blocks into a fixed number of contiguous chunks
/// (<see cref="ChunksPerWorker"/> per worker), each with its own weight, table and condition gradient accumulators, also
/// handed out to whichever worker is free, and sums the chunks in chunk order at the end: the result does not depend on
/// which thread ran what, and a thread the OS holds back delays the call by one chunk, not by half of it. Nothing is
/// allocated per call once the buffers have grown to the largest N seen. The field-specific maths is
/// <see cref="ForwardBlock"/> and <see cref="BackwardBlock"/>.
/// </summary>
internal abstract unsafe class BlockMotionBackend : IMotionFieldBackend
{
    /// <summary>Gaussians per block: the column count of every block matrix.</summary>
    public const int BlockWidth = 64;

    /// <summary>Backward chunks per worker: enough for a free worker to take over from a late one, few enough to reduce cheaply.</summary>
    public const int ChunksPerWorker = 2;

    private readonly ParallelWorkers _workers;
    private readonly Action<int, int> _forwardBlock, _backwardChunk;
    private readonly Action<int> _reduceWorker;
    private readonly Worker[] _state;
    private readonly Accumulators[] _chunkGradients;
    private readonly PinnedArray<float> _means = new(), _context = new();
    private readonly float[] _frameGradient;
    private BlockPass _call;
    private float* _gradient;
    private int _count = -1, _blocks, _chunks;
    private bool _saveContext;

    protected BlockMotionBackend(ParallelWorkers workers, int parameterCount, int stride, int contextRows, int scratchRows, int frameWidth)
    {
        _workers = workers;
        ParameterCount = parameterCount;
        Stride = stride;
        ContextRows = contextRows;
        _frameGradient = new float[frameWidth];
        _state = new Worker[workers.Count];
        for (int w = 0; w < _state.Length; w++) _state[w] = new Worker(scratchRows + contextRows);
        _chunkGradients = new Accumulators[ChunksPerWorker * workers.Count];
        for (int c = 0; c < _chunkGradients.Length; c++) _chunkGradients[c] = new Accumulators(parameterCount, frameWidth);
        _forwardBlock = ForwardBlockOn;
        _backwardChunk = BackwardChunk;
        _reduceWorker = ReduceWorker;
    }

    /// <inheritdoc />
    public int Stride { get; }

    /// <summary>Parameters of the field.</summary>
    protected int ParameterCount { get; }

    /// <summary>Rows of a block's saved context.</summary>
    protected int ContextRows { get; }

    /// <summary>Worker threads.</summary>
    public int Threads => _workers.Count;

    /// <inheritdoc />
    public void Forward(ReadOnlySpan<float> parameters, MotionFrame frame, ReadOnlySpan<float> means, MotionDeltas output, bool saveContext = true)
    {
        if (parameters.Length != ParameterCount) throw new ArgumentException($"The motion field has {ParameterCount} parameters; got {parameters.Length}.");
        int n = means.Length / 3;
        if (means.Length != 3 * n) throw new ArgumentException("Means must be [N, 3].");
        CheckFrame(frame);
        PrepareForward(parameters, frame);
        output.Resize(n);
        output.Check(n, Stride, "The output");
        _means.EnsureLength(3 * n);
        means.CopyTo(_means.Span);
        _blocks = (n + BlockWidth - 1) / BlockWidth;
        if (saveContext) _context.EnsureLength(checked(_blocks * ContextRows * BlockWidth));
        _saveContext = saveContext;
        _count = -1;
        fixed (float* p = parameters, audio = frame.Audio, expression = frame.Expression, values = output.Values, attention = output.Attention)
        {
            _call = new BlockPass { Parameters = p, Audio = audio, Expression = expression, Values = values, Attention = attention, Count = n };
            try { _workers.For(_blocks, _forwardBlock); }
            finally { _call = default; }
        }
        if (saveContext) _count = n;
    }

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<float> parameters, MotionFrame frame, MotionDeltas outputGradient, Span<float> gradient, Span<float> meanGradient)
    {
        if (_count < 0) throw new InvalidOperationException("Backward needs a Forward with saveContext: true first.");
        int n = _count;
        outputGradient.Check(n, Stride, "The output gradient");
        if (parameters.Length != ParameterCount || gradient.Length != ParameterCount)
            throw new ArgumentException($"The motion field has {ParameterCount} parameters; got spans of {parameters.Length} and {gradient.Length}.");
        if (meanGradient.Length != 3 * n) throw new ArgumentException("The mean gradient must be [N, 3].");
        CheckFrame(frame);
        PrepareBackward(parameters);
        fixed (float* p = parameters, audio = frame.Audio, expression = frame.Expression, g = gradient, mg = meanGradient,
               values = outputGradient.Values, attention = outputGradient.Attention)
        {
            _call = new BlockPass
            {
                Parameters = p, Audio = audio, Expression = expression, Values = values, Attention = attention, MeanGradient = mg, Count = n,
            };
            _gradient = g;
            _chunks = Math.Min(_blocks, _chunkGradients.Length);
            try
            {
                _workers.For(_chunks, _backwardChunk);
                _workers.Run(_reduceWorker);
            }
            finally
            {
                _call = default;
                _gradient = null;
            }
        }
        Array.Clear(_frameGradient);
        for (int c = 0; c < _chunks; c++)
            for (int k = 0; k < _frameGradient.Length; k++) _frameGradient[k] += _chunkGradients[c].Frame.Span[k];
        BackwardFrame(parameters, frame, _frameGradient, gradient);
    }

    /// <summary>Throws unless <paramref name="frame"/> was encoded by this field's settings.</summary>
    protected abstract void CheckFrame(MotionFrame frame);

    /// <summary>Once per forward call, before the blocks: e.g. terms every Gaussian shares.</summary>
    protected virtual void PrepareForward(ReadOnlySpan<float> parameters, MotionFrame frame) { }

    /// <summary>The forward pass of one block: writes the block's context rows and its Gaussians' output rows.</summary>
    protected abstract void ForwardBlock(in BlockPass pass);

    /// <summary>Once per backward call, before the blocks: e.g. the transposed weight copies.</summary>
    protected abstract void PrepareBackward(ReadOnlySpan<float> parameters);

    /// <summary>
    /// The backward pass of one block: adds ∂L/∂parameters into the worker's gradient, Σ ∂L/∂(a, e) into its frame gradient,
    /// and ∂L/∂μ into the block's mean gradient rows.
    /// </summary>
    protected abstract void BackwardBlock(in BlockPass pass);

    /// <summary>Back-propagates the workers' summed frame gradient into the per-frame networks (the field's own C# code).</summary>
    protected abstract void BackwardFrame(ReadOnlySpan<float> parameters, MotionFrame frame, float[] frameGradient, Span<float> gradient);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardBlockOn(int worker, int block)
    {
        var state = _state[worker];
        var pass = _call;
        pass.Scratch = state.Scratch.Pointer + ContextRows * BlockWidth;
        pass.Means = state.Means.Pointer;
        Select(ref pass, block, state);
        ForwardBlock(pass);
    }

    /// <summary>The backward pass of chunk <paramref name="chunk"/>'s blocks into the chunk's own accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BackwardChunk(int worker, int chunk)
    {
        var state = _state[worker];
        var sums = _chunkGradients[chunk];
        sums.Parameters.Span.Clear();
        sums.Frame.Span.Clear();
        var pass = _call;
        pass.Scratch = state.Scratch.Pointer;
        pass.Means = state.Means.Pointer;
        pass.BlockMeanGradient = state.MeanGradient.Pointer;
        pass.Gradient = sums.Parameters.Pointer;
        pass.FrameGradient = sums.Frame.Pointer;
        int start = (int)((long)_blocks * chunk / _chunks), end = (int)((long)_blocks * (chunk + 1) / _chunks);
        for (int block = start; block < end; block++)
        {
            Select(ref pass, block, state);
            new Span<float>(pass.BlockMeanGradient, 3 * BlockWidth).Clear();
            BackwardBlock(pass);
            for (int i = 0; i < pass.Count; i++)
                for (int axis = 0; axis < 3; axis++)
                    pass.MeanGradient[3 * (pass.First + i) + axis] += pass.BlockMeanGradient[axis * BlockWidth + i];
        }
    }

    /// <summary>Points <paramref name="pass"/> at block <paramref name="block"/>: its context rows and its means, transposed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Select(ref BlockPass pass, int block, Worker state)
    {
        pass.First = block * BlockWidth;
        pass.Count = Math.Min(BlockWidth, _call.Count - pass.First);
        pass.Context = _saveContext ? _context.Pointer + (long)block * ContextRows * BlockWidth : state.Scratch.Pointer;
        float* m = _means.Pointer + 3 * pass.First;
        for (int i = 0; i < BlockWidth; i++)
            for (int axis = 0; axis < 3; axis++)
                pass.Means[axis * BlockWidth + i] = i < pass.Count ? m[3 * i + axis] : 0f;
    }

    /// <summary>Adds the chunks' gradients into the caller's in chunk order, each worker summing its own share of the parameters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReduceWorker(int w)
    {
        var (start, end) = _workers.Share(w, ParameterCount);
        for (int c = 0; c < _chunks; c++)
        {
            float* from = _chunkGradients[c].Parameters.Pointer;
            for (int i = start; i < end; i++) _gradient[i] += from[i];
        }
    }

    /// <inheritdoc />
    public void Dispose() { }

    /// <summary>One worker's scratch.</summary>
    private sealed class Worker(int scratchRows)
    {
        public readonly PinnedArray<float> Scratch = new(scratchRows * BlockWidth);
        public readonly PinnedArray<float> Means = new(3 * BlockWidth);
        public readonly PinnedArray<float> MeanGradient = new(3 * BlockWidth);
    }

    /// <summary>One backward chunk's sums: ∂L/∂parameters and what the field sums for the frame.</summary>
    private sealed class Accumulators(int parameters, int frame)
    {
        public readonly PinnedArray<float> Parameters = new(parameters);
        public readonly PinnedArray<float> Frame = new(frame);
    }
}
