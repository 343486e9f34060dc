namespace SmartShop.OpcUa.Client;

/// <summary>Where a <see cref="UaClient"/>'s connection stands.</summary>
public enum UaConnectionState
{
    Connected,

    /// <summary>The connection was lost; reconnect attempts are under way (requests fail meanwhile).</summary>
    Reconnecting,

    /// <summary>Closed by the owner, or lost with reconnection turned off.</summary>
    Closed,
}

/// <summary>How a session came back after a reconnect.</summary>
public enum UaSessionRecovery
{
    /// <summary>The old session was activated on the new channel: its subscriptions went on, queued notifications kept.</summary>
    Reactivated,

    /// <summary>The old session was gone (server restarted, session timed out): a new session was created.</summary>
    Recreated,
}

/// <summary>A change of a client's connection, reported through <see cref="UaClientOptions.ConnectionChanged"/>.</summary>
/// <param name="State">The state entered.</param>
/// <param name="At">When it happened (the client's clock).</param>
/// <param name="Reason">Why the connection was lost, or why the last attempt failed; null once recovered.</param>
/// <param name="Attempt">The number of failed reconnect attempts so far (0 when the loss is first reported).</param>
/// <param name="LostAt">When the connection was lost (for the reconnecting and recovered events).</param>
/// <param name="Session">How the session came back; set on the event that enters <see cref="UaConnectionState.Connected"/>.</param>
public sealed record UaConnectionEvent(
    UaConnectionState State,
    DateTimeOffset At,
    string? Reason,
    int Attempt,
    DateTimeOffset? LostAt,
    UaSessionRecovery? Session)
{
    /// <summary>How long the connection was down, for a recovery.</summary>
    public TimeSpan? Outage => State == UaConnectionState.Connected && LostAt is { } lost ? At - lost : null;
}
