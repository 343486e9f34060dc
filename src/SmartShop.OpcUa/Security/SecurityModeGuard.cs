namespace SmartShop.OpcUa.Security;

/// <summary>A connection without message security was asked for but not allowed.</summary>
public sealed class InsecureConnectionException(string message) : Exception(message);

/// <summary>
/// Makes SecurityPolicy None an explicit choice: refused unless allowed, and reported as a warning every time it is
/// used, so an unsigned production connection never happens by accident.
/// </summary>
public static class SecurityModeGuard
{
    /// <summary>
    /// Checks a policy / mode pair before connecting to <paramref name="endpointUrl"/>. A mismatched pair (None with
    /// Sign, or a real policy with mode None) is an <see cref="ArgumentException"/>; None without
    /// <paramref name="allowInsecure"/> is an <see cref="InsecureConnectionException"/>; None with it goes to
    /// <paramref name="warning"/>.
    /// </summary>
    public static void Check(
        string endpointUrl, SecurityPolicy policy, MessageSecurityMode mode, bool allowInsecure, Action<string>? warning)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (mode is not (MessageSecurityMode.None or MessageSecurityMode.Sign or MessageSecurityMode.SignAndEncrypt))
        {
            throw new ArgumentException($"Message security mode {mode} cannot be used.", nameof(mode));
        }

        if (policy.IsNone != (mode == MessageSecurityMode.None))
        {
            throw new ArgumentException(
                $"Security policy {policy.Name} does not go with message security mode {mode}: None goes only with None.", nameof(mode));
        }

        if (!policy.IsNone)
        {
            return;
        }

        if (!allowInsecure)
        {
            throw new InsecureConnectionException(
                $"Connecting to {endpointUrl} with SecurityPolicy None is refused: messages would be neither signed nor " +
                "encrypted, so anyone on the network could read and change them. Choose a secure endpoint " +
                "(Basic256Sha256 with Sign or SignAndEncrypt), or allow insecure connections explicitly.");
        }

        warning?.Invoke(
            $"Connecting to {endpointUrl} without security (SecurityPolicy None): messages are neither signed nor encrypted.");
    }
}
