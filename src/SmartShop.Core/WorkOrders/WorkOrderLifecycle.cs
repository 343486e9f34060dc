namespace SmartShop.Core.WorkOrders;

/// <summary>Where a work order is in its life (ISA-95 job order states, as plants name them).</summary>
public enum WorkOrderStatus
{
    /// <summary>Received from ERP or entered; may still be changed; nothing is on the shop floor.</summary>
    Created,

    /// <summary>Released to production: its jobs are downloaded to the machines, which may start them.</summary>
    Released,

    /// <summary>Production has started (an operator started it, or a machine began its job).</summary>
    Running,

    /// <summary>Interrupted by someone; the machines hold the job.</summary>
    Paused,

    /// <summary>Production has ended (quantity reached or ended by someone); counts may still be corrected.</summary>
    Completed,

    /// <summary>Reviewed and closed: the record is final.</summary>
    Closed,

    /// <summary>Withdrawn before it completed.</summary>
    Cancelled,
}

/// <summary>What a person (or the MES on a machine's report) asks of an order.</summary>
public enum WorkOrderAction
{
    Release,
    Start,
    Pause,
    Resume,
    Complete,
    Close,
    Cancel,
}

/// <summary>
/// The order lifecycle: Created -> Released -> Running &lt;-> Paused -> Completed -> Closed, and Cancelled from any state
/// before completion. A refused transition says why and what is allowed instead, in words an operator can act on.
/// </summary>
public static class WorkOrderLifecycle
{
    private static readonly WorkOrderAction[] None = [];

    /// <summary>The actions allowed in <paramref name="status"/>, in the order a terminal shows them.</summary>
    public static IReadOnlyList<WorkOrderAction> Allowed(WorkOrderStatus status) => status switch
    {
        WorkOrderStatus.Created => [WorkOrderAction.Release, WorkOrderAction.Cancel],
        WorkOrderStatus.Released => [WorkOrderAction.Start, WorkOrderAction.Cancel],
        WorkOrderStatus.Running => [WorkOrderAction.Pause, WorkOrderAction.Complete, WorkOrderAction.Cancel],
        WorkOrderStatus.Paused => [WorkOrderAction.Resume, WorkOrderAction.Complete, WorkOrderAction.Cancel],
        WorkOrderStatus.Completed => [WorkOrderAction.Close],
        _ => None,
    };

    /// <summary>The status <paramref name="action"/> leads to from <paramref name="status"/>, or the reason it is refused.</summary>
    public static WorkOrderTransition Decide(WorkOrderStatus status, WorkOrderAction action)
    {
        if (Allowed(status).Contains(action))
        {
            return new WorkOrderTransition(status, Target(action), null);
        }

        return new WorkOrderTransition(status, null, WhyNot(status, action));
    }

    private static WorkOrderStatus Target(WorkOrderAction action) => action switch
    {
        WorkOrderAction.Release => WorkOrderStatus.Released,
        WorkOrderAction.Start or WorkOrderAction.Resume => WorkOrderStatus.Running,
        WorkOrderAction.Pause => WorkOrderStatus.Paused,
        WorkOrderAction.Complete => WorkOrderStatus.Completed,
        WorkOrderAction.Close => WorkOrderStatus.Closed,
        WorkOrderAction.Cancel => WorkOrderStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static string WhyNot(WorkOrderStatus status, WorkOrderAction action)
    {
        var verb = Verb(action);
        var why = (status, action) switch
        {
            (WorkOrderStatus.Closed, _) => "a closed order is final",
            (WorkOrderStatus.Cancelled, _) => "a cancelled order is final",
            (WorkOrderStatus.Completed, WorkOrderAction.Cancel) => "it has completed; close it instead",
            (WorkOrderStatus.Completed, _) => "it has completed; only closing is left",
            (_, WorkOrderAction.Release) => "it was released already",
            (WorkOrderStatus.Created, _) => "it has not been released to production yet",
            (WorkOrderStatus.Released, WorkOrderAction.Pause or WorkOrderAction.Complete or WorkOrderAction.Resume) => "it has not started",
            (_, WorkOrderAction.Start) => "it has started already",
            (WorkOrderStatus.Running, WorkOrderAction.Resume) => "it is running",
            (WorkOrderStatus.Paused, WorkOrderAction.Pause) => "it is paused already",
            (_, WorkOrderAction.Close) => "only a completed order can be closed",
            _ => $"it is {Name(status)}",
        };
        var allowed = Allowed(status);
        var instead = allowed.Count == 0 ? "nothing more can be done with it" : "allowed now: " + string.Join(", ", allowed.Select(Name));
        return $"The order is {Name(status)} and cannot be {verb}: {why} ({instead}).";
    }

    private static string Verb(WorkOrderAction action) => action switch
    {
        WorkOrderAction.Release => "released",
        WorkOrderAction.Start => "started",
        WorkOrderAction.Pause => "paused",
        WorkOrderAction.Resume => "resumed",
        WorkOrderAction.Complete => "completed",
        WorkOrderAction.Close => "closed",
        WorkOrderAction.Cancel => "cancelled",
        _ => action.ToString(),
    };

    /// <summary>The lower-case word used on the wire and in messages.</summary>
    public static string Name(WorkOrderStatus status) => status.ToString().ToLowerInvariant();

    /// <inheritdoc cref="Name(WorkOrderStatus)"/>
    public static string Name(WorkOrderAction action) => action.ToString().ToLowerInvariant();

    /// <summary>True once the order can no longer change (closed or cancelled).</summary>
    public static bool IsFinal(WorkOrderStatus status) => status is WorkOrderStatus.Closed or WorkOrderStatus.Cancelled;

    /// <summary>True while machines may be producing for the order.</summary>
    public static bool IsOnShopFloor(WorkOrderStatus status) =>
        status is WorkOrderStatus.Released or WorkOrderStatus.Running or WorkOrderStatus.Paused;
}

/// <summary>A decided transition: <see cref="To"/> is null when refused, and <see cref="Refusal"/> says why.</summary>
public sealed record WorkOrderTransition(WorkOrderStatus From, WorkOrderStatus? To, string? Refusal)
{
    public bool Allowed => To is not null;
}
