namespace SmartShop.Grains.Runtime;

/// <summary>One activation of a grain, as Orleans' IGrainContext.</summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    /// <summary>The grain object; null until the activation has constructed it.</summary>
    object? GrainInstance { get; }

    /// <summary>The activation's own DI scope: scoped services live as long as the activation.</summary>
    IServiceProvider ActivationServices { get; }

    /// <summary>Completes when this activation has finished deactivating (or failed to activate).</summary>
    Task Deactivated { get; }

    /// <summary>
    /// Starts deactivation: calls that are running finish, later calls wait and then go to a new activation.
    /// </summary>
    void Deactivate(DeactivationReason deactivationReason, CancellationToken cancellationToken = default);
}

/// <summary>Why an activation is being deactivated, as Orleans' DeactivationReasonCode.</summary>
public enum DeactivationReasonCode : byte
{
    None,

    /// <summary>The silo is stopping.</summary>
    ShuttingDown,

    /// <summary>Constructing the grain, reading its state or OnActivateAsync failed.</summary>
    ActivationFailed,

    /// <summary>Idle for longer than its collection age.</summary>
    ActivationIdle,

    /// <summary>An application error, e.g. an <see cref="Storage.InconsistentStateException"/> on a state write.</summary>
    ApplicationError,

    /// <summary>The grain asked for it (DeactivateOnIdle).</summary>
    ApplicationRequested,

    /// <summary>The runtime asked for it.</summary>
    RuntimeRequested,
}

/// <summary>Reason code, description and, for errors, the exception behind a deactivation.</summary>
public readonly struct DeactivationReason(DeactivationReasonCode code, Exception? exception, string text)
{
    public DeactivationReason(DeactivationReasonCode code, string text)
        : this(code, null, text)
    {
    }

    public DeactivationReasonCode ReasonCode { get; } = code;

    public string Description { get; } = text;

    public Exception? Exception { get; } = exception;

    public override string ToString() =>
        Exception is null ? $"{ReasonCode}: {Description}" : $"{ReasonCode}: {Description} ({Exception.GetType().Name}: {Exception.Message})";
}
