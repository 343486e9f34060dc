namespace SmartShop.Server.WorkOrders;

/// <summary>A job for one machine: the order's number, its product and how many good units (0: open-ended).</summary>
public sealed record MachineJob(string JobOrderId, string Product, decimal Quantity, int Priority);

/// <summary>What is asked of a machine's job (ISA-95 job control commands, OPC 10031-4).</summary>
public enum JobCommand
{
    /// <summary>Allowed to start: the machine runs it when free.</summary>
    Start,

    Pause,
    Resume,

    /// <summary>Ends the job normally.</summary>
    Stop,

    /// <summary>Ends a job that has started, abnormally.</summary>
    Abort,

    /// <summary>Withdraws a job that has not started.</summary>
    Cancel,
}

/// <summary>How a machine takes jobs.</summary>
public enum JobInterface
{
    /// <summary>ISA-95 JobOrderControl (plant-file signal <c>jobControl</c>): download, start, pause, resume, stop.</summary>
    Isa95,

    /// <summary>The MES convention's JobStart(jobId, product) and JobStop() methods: start and stop only.</summary>
    StartStop,

    /// <summary>No job interface: the operator sets the job up at the machine.</summary>
    None,
}

/// <summary>The machine's answer: <see cref="Accepted"/>, and whether anything was sent at all (an interface without the command sends nothing).</summary>
public sealed record JobCallResult(bool Accepted, bool Sent, string Message)
{
    public static JobCallResult Ok(string message = "accepted") => new(true, true, message);

    public static JobCallResult NotSent(string message) => new(true, false, message);

    public static JobCallResult Refused(string message) => new(false, true, message);

    public static JobCallResult Unreachable(string message) => new(false, false, message);
}

/// <summary>Sends jobs to machines' PLCs (implemented by the OPC UA connector).</summary>
public interface IMachineJobs
{
    JobInterface InterfaceOf(string machineId);

    /// <summary>Downloads the job without starting it (ISA-95 Store).</summary>
    Task<JobCallResult> DownloadAsync(string machineId, MachineJob job, CancellationToken cancellationToken);

    Task<JobCallResult> CommandAsync(string machineId, JobCommand command, MachineJob job, CancellationToken cancellationToken);
}
