using SmartShop.OpcUa.Security;
using SmartShop.OpcUa.Transport;

namespace SmartShop.OpcUa.Client;

/// <summary>How <see cref="UaClient"/> connects. Defaults are the secure choice.</summary>
public sealed record UaClientOptions
{
    /// <summary><c>opc.tcp://host:port[/path]</c>.</summary>
    public required string EndpointUrl { get; init; }

    public SecurityPolicy SecurityPolicy { get; init; } = SecurityPolicy.Basic256Sha256;

    public MessageSecurityMode SecurityMode { get; init; } = MessageSecurityMode.SignAndEncrypt;

    /// <summary>User name; null for an anonymous session.</summary>
    public string? UserName { get; init; }

    public string? Password { get; init; }

    /// <summary>The PKI folder (own certificate, trusted/issuers/rejected server certificates).</summary>
    public required string PkiPath { get; init; }

    public string ApplicationName { get; init; } = "SmartShop MES";

    /// <summary>Our ApplicationUri; it is written into our certificate and sent in CreateSession unchanged.</summary>
    public string ApplicationUri { get; init; } = $"urn:{System.Net.Dns.GetHostName()}:SmartShop:MES";

    /// <summary>Allow SecurityPolicy None (logged as a warning every time).</summary>
    public bool AllowInsecure { get; init; }

    /// <summary>Accept a server certificate whose only problem is that it is not trusted yet (logged as a warning).</summary>
    public bool AutoAcceptUntrustedServerCertificates { get; init; }

    public string SessionName { get; init; } = "SmartShop";

    /// <summary>Session timeout asked for; the server revises it.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long each request waits for its response.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Secure channel token lifetime asked for (renewed at 75 % of the revised value).</summary>
    public TimeSpan ChannelLifetime { get; init; } = TimeSpan.FromHours(1);

    public UaTcpOptions Transport { get; init; } = new();

    /// <summary>
    /// How often the session is checked by reading the server's state (which also keeps a session without
    /// subscriptions alive); a check that fails or takes longer than <see cref="KeepAliveTimeout"/> counts as a dead
    /// connection. Capped at a third of the revised session timeout. <see cref="TimeSpan.Zero"/> turns the check off.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the keep-alive read may take before the connection counts as dead (a half-open connection is found
    /// within interval + timeout). Generous by default: a busy server or client must not be taken for a dead one.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Reconnect after a lost connection: a new secure channel, the session reactivated (or a new one created) and the
    /// subscriptions resumed, transferred or recreated. Off: a lost connection leaves the client faulted.
    /// </summary>
    public bool Reconnect { get; init; } = true;

    /// <summary>The first wait before a reconnect attempt; doubled after each failed attempt up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Connection lost, each failed reconnect attempt, and the recovery (with the outage), as they happen.</summary>
    public Action<UaConnectionEvent>? ConnectionChanged { get; init; }

    /// <summary>Warnings (insecure connection, auto-accepted certificate, renewal problems).</summary>
    public Action<string>? Warning { get; init; }
}
