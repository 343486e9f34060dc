using SmartShop.Grains.Runtime;

namespace SmartShop.Grains;

/// <summary>
/// Base class of the generated grain proxies, as Orleans' GrainReference. A reference names a grain (type + key) and
/// one of its interfaces; it holds no state of the grain and may be kept, shared between threads and compared.
/// </summary>
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    // Last activation this reference reached: lets repeated calls skip the directory lookup. Read and written without
    // a lock: a stale value is detected (the activation reports itself invalid) and replaced.
    private ActivationData? _activation;

    internal GrainReference(Silo silo, GrainClassInfo grainClass, GrainId grainId, Type interfaceType)
    {
        Silo = silo;
        GrainClass = grainClass;
        GrainId = grainId;
        InterfaceType = interfaceType;
    }

    public GrainId GrainId { get; }

    /// <summary>The grain interface this reference implements.</summary>
    public Type InterfaceType { get; }

    internal Silo Silo { get; }

    internal GrainClassInfo GrainClass { get; }

    public bool Equals(GrainReference? other) =>
        other is not null && GrainId == other.GrainId && InterfaceType == other.InterfaceType;

    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(GrainId, InterfaceType);

    public override string ToString() => $"{InterfaceType.Name}:{GrainId}";

    /// <summary>The activation to try an inline call on, if one is known without creating anything.</summary>
    internal ActivationData? PeekActivation()
    {
        var activation = _activation;
        if (activation is { IsInvalid: false })
        {
            return activation;
        }

        activation = Silo.TryGetActivation(GrainId);
        _activation = activation;
        return activation;
    }

    /// <summary>
    /// Hands a request to the current activation of this grain, creating one if needed. A request that arrives at an
    /// activation that has just become invalid is retried on its successor (the loop is bounded: each retry finds the
    /// stale activation already gone from the directory, so in practice it runs at most twice).
    /// </summary>
    internal void Dispatch(GrainRequest request)
    {
        const int MaxAttempts = 64;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            ActivationData activation;
            try
            {
                activation = _activation is { IsInvalid: false } cached
                    ? cached
                    : Silo.GetOrCreateActivation(GrainId, GrainClass);
            }
            catch (Exception ex)
            {
                request.Fail(ex);
                return;
            }

            _activation = activation;
            if (activation.Enqueue(request) != EnqueueResult.ActivationInvalid)
            {
                return;
            }

            _activation = null;
        }

        request.Fail(new InvalidOperationException(
            $"No live activation of {GrainId} accepted the call after {MaxAttempts} attempts."));
    }
}
