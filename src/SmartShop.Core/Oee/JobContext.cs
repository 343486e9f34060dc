namespace SmartShop.Core.Oee;

/// <summary>
/// The order a machine is working on, from the MES's work order or the machine's own job signals.
/// </summary>
/// <param name="OrderId">The order (or the PLC's job id).</param>
/// <param name="ProductId">The product made; it selects the ideal cycle time (PRU).</param>
/// <param name="IdealCycleTime">PRU: planned runtime per unit on this machine; null when the plant file has none for the product.</param>
public sealed record JobContext(string OrderId, string? ProductId, TimeSpan? IdealCycleTime);
