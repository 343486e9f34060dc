namespace SmartShop.Grains.Concurrency;

/// <summary>
/// On a grain class: calls (and timer ticks) may interleave at awaits, as Orleans' [Reentrant]. Grain code still never
/// runs on two threads at once; between two awaits a turn runs alone.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>
/// On a grain interface method: this call may start while any other call is in progress, and vice versa
/// (Orleans' [AlwaysInterleave]). Use for calls that break cycles or only report status.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>
/// On a grain interface method: the call does not change grain state, so read-only calls may interleave with each
/// other, but never with a call that is not read-only (Orleans' [ReadOnly]). The runtime trusts the annotation.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>
/// On a grain interface method returning Task or ValueTask: the caller does not wait; its task completes as soon as
/// the call is queued, and failures are only logged (Orleans' [OneWay]).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;
