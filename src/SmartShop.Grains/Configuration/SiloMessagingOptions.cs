namespace SmartShop.Grains.Configuration;

/// <summary>Grain call options, as Orleans' SiloMessagingOptions.</summary>
public sealed class SiloMessagingOptions
{
    /// <summary>
    /// How long a caller waits for a grain call before it fails with <see cref="TimeoutException"/> (default 30 s,
    /// measured with the silo's TimeProvider). Checked every min(1 s, ResponseTimeout / 10), so a call fails between
    /// ResponseTimeout and ResponseTimeout plus that interval. <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// A call that completes synchronously never times out.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
