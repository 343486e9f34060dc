namespace SmartShop.Grains.Runtime;

[Flags]
internal enum GrainMethodFlags
{
    None = 0,

    /// <summary>May start while other turns are in progress ([AlwaysInterleave], or a timer with Interleave).</summary>
    AlwaysInterleave = 1,

    /// <summary>[ReadOnly]: may interleave with other read-only turns only.</summary>
    ReadOnly = 2,

    /// <summary>[OneWay]: nobody waits for the result.</summary>
    OneWay = 4,

    /// <summary>A timer tick without KeepAlive: does not count as activity for idle collection.</summary>
    NoKeepAlive = 8,

    /// <summary>A timer tick: dropped (not forwarded) when the activation is going away.</summary>
    TimerTick = 16,
}

/// <summary>
/// One grain interface method as the generated proxy sees it: its name, its scheduling flags and delegates that call
/// the grain object with the arguments packed in a value tuple (<typeparamref name="TArgs"/>), built once per method
/// so that no call needs reflection.
/// </summary>
internal abstract class GrainMethodDescriptor(string name, GrainMethodFlags flags)
{
    public readonly string Name = name;

    public readonly GrainMethodFlags Flags = flags;
}

/// <inheritdoc cref="GrainMethodDescriptor"/>
internal class GrainMethodDescriptor<TArgs>(string name, GrainMethodFlags flags, Func<object, TArgs, Task> invokeAsTask)
    : GrainMethodDescriptor(name, flags)
{
    /// <summary>Calls the method; a ValueTask result is converted with AsTask (used when the call was queued).</summary>
    public readonly Func<object, TArgs, Task> InvokeAsTask = invokeAsTask;
}

/// <inheritdoc cref="GrainMethodDescriptor"/>
internal sealed class GrainMethodDescriptor<TArgs, TReturn>(
    string name, GrainMethodFlags flags, Func<object, TArgs, TReturn> invoke, Func<object, TArgs, Task> invokeAsTask)
    : GrainMethodDescriptor<TArgs>(name, flags, invokeAsTask)
{
    /// <summary>Calls the method and returns exactly what it returned (used by the inline fast path).</summary>
    public readonly Func<object, TArgs, TReturn> Invoke = invoke;
}

/// <summary>Result type of requests for methods returning Task or ValueTask.</summary>
internal readonly struct VoidResult;
