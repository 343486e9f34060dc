using System.Security.Cryptography.X509Certificates;
using SmartShop.OpcUa.Binary;
using SmartShop.OpcUa.SecureChannel;
using SmartShop.OpcUa.Security;
using SmartShop.OpcUa.Services;
using SmartShop.OpcUa.Transport;

namespace SmartShop.OpcUa.Client;

/// <summary>
/// A connected, activated session: GetEndpoints on a None channel (to find the endpoint and the server
/// certificate), certificate validation against the PKI trust list, a secure channel in the chosen mode,
/// CreateSession and ActivateSession (anonymous or user name), then services. A keep-alive check and reconnection
/// (UaClient.Resilience.cs) keep it so. Dispose closes the session and the channel.
/// </summary>
public sealed partial class UaClient : IAsyncDisposable
{
    private readonly UaClientOptions _options;
    private readonly TimeProvider _time;
    private UaSecureChannel _channel;
    private X509Certificate2? _clientCertificate;
    private X509Certificate2? _serverCertificate;
    private UserTokenPolicy _identityPolicy;
    private NodeId _authenticationToken;
    private byte[] _serverNonce = [];
    private byte[] _serverCertificateChain = [];
    private int _closed;

    private UaClient(UaClientOptions options, TimeProvider time, ChannelSetup setup)
    {
        _options = options;
        _time = time;
        _channel = setup.Channel;
        Endpoint = setup.Endpoint;
        _identityPolicy = setup.IdentityPolicy;
        _clientCertificate = setup.ClientCertificate;
        _serverCertificate = setup.ServerCertificate;
    }

    /// <summary>The endpoint connected to.</summary>
    public EndpointDescription Endpoint { get; private set; }

    public NodeId SessionId { get; private set; }

    /// <summary>Revised by the server.</summary>
    public TimeSpan SessionTimeout { get; private set; }

    /// <summary>The server's namespace array, read after activation.</summary>
    public NamespaceTable NamespaceUris { get; private set; } = NamespaceTable.Default;

    /// <summary>The current secure channel (a new one after each reconnect).</summary>
    public UaSecureChannel Channel => Volatile.Read(ref _channel);

    /// <summary>Connects, creates and activates a session, and reads the namespace array.</summary>
    public static async Task<UaClient> ConnectAsync(UaClientOptions options, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        SecurityModeGuard.Check(options.EndpointUrl, options.SecurityPolicy, options.SecurityMode, options.AllowInsecure, options.Warning);
        var setup = await OpenChannelAsync(options, timeProvider, cancellationToken);
        var client = new UaClient(options, timeProvider, setup);
        try
        {
            await client.CreateAndActivateAsync(cancellationToken);
            await client.ReadNamespaceArrayAsync(cancellationToken);
        }
        catch
        {
            await setup.DisposeAsync();
            throw;
        }

        client.StartSupervision();
        return client;
    }

    /// <summary>What one connection attempt set up: the channel and what was chosen and checked to open it.</summary>
    private sealed record ChannelSetup(
        UaSecureChannel Channel,
        EndpointDescription Endpoint,
        UserTokenPolicy IdentityPolicy,
        X509Certificate2? ClientCertificate,
        X509Certificate2? ServerCertificate) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Channel.DisposeAsync();
            ClientCertificate?.Dispose();
            ServerCertificate?.Dispose();
        }
    }

    /// <summary>
    /// GetEndpoints, the endpoint and user token policy chosen, our certificate loaded, the server's validated against
    /// the trust list, and a secure channel opened. Done again on every reconnect: the server may have restarted with
    /// other endpoints or another certificate.
    /// </summary>
    private static async Task<ChannelSetup> OpenChannelAsync(UaClientOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var policy = options.SecurityPolicy;
        var endpoints = await GetEndpointsAsync(options.EndpointUrl, timeProvider, options.Transport, cancellationToken);
        var endpoint = SelectEndpoint(endpoints, options);
        var identityPolicy = SelectUserTokenPolicy(endpoint, options);

        var pki = new PkiDirectory(options.PkiPath);
        pki.EnsureCreated();
        var needsCertificates = !policy.IsNone;
        var needsServerCertificate = needsCertificates || (identityPolicy.TokenType == UserTokenType.UserName
            && !UserTokenEncryption.SelectPolicy(identityPolicy.SecurityPolicyUri, endpoint.SecurityPolicyUri ?? policy.Uri).IsNone);
        X509Certificate2? clientCertificate = null;
        X509Certificate2? serverCertificate = null;
        try
        {
            if (needsCertificates)
            {
                clientCertificate = ApplicationCertificate.LoadOrCreate(
                    pki, new ApplicationCertificateOptions { ApplicationName = options.ApplicationName, ApplicationUri = options.ApplicationUri, Warning = options.Warning }, timeProvider);
            }

            if (needsServerCertificate)
            {
                if (endpoint.ServerCertificate.IsNullOrEmpty)
                {
                    throw new UaException(StatusCodes.BadCertificateInvalid, $"The endpoint {endpoint.EndpointUrl} ({endpoint.SecurityPolicyUri}) has no server certificate.");
                }

                var validator = new CertificateValidator(pki, timeProvider, new CertificateValidationOptions
                {
                    AutoAcceptUntrusted = options.AutoAcceptUntrustedServerCertificates,
                    Warning = options.Warning,
                });
                serverCertificate = validator.ValidateServerCertificate(endpoint.ServerCertificate.Span, policy.IsNone ? SecurityPolicy.Basic256Sha256 : policy, endpoint.Server.ApplicationUri);
            }

            var connection = await UaTcpConnection.ConnectAsync(options.EndpointUrl, options.Transport, timeProvider, cancellationToken);
            var channel = await UaSecureChannel.OpenAsync(connection, new SecureChannelOptions
            {
                Policy = policy,
                Mode = options.SecurityMode,
                ClientCertificate = clientCertificate,
                ServerCertificate = needsCertificates ? serverCertificate : null,
                RequestedLifetime = options.ChannelLifetime,
                RequestTimeout = options.RequestTimeout,
                Log = options.Warning,
            }, timeProvider, cancellationToken);
            return new ChannelSetup(channel, endpoint, identityPolicy, clientCertificate, serverCertificate);
        }
        catch
        {
            clientCertificate?.Dispose();
            serverCertificate?.Dispose();
            throw;
        }
    }

    /// <summary>The endpoints a server offers, asked over a channel without security (as discovery is).</summary>
    public static async Task<EndpointDescription[]> GetEndpointsAsync(string endpointUrl, TimeProvider timeProvider, UaTcpOptions? transport = null, CancellationToken cancellationToken = default)
    {
        var connection = await UaTcpConnection.ConnectAsync(endpointUrl, transport ?? new UaTcpOptions(), timeProvider, cancellationToken);
        await using var channel = await UaSecureChannel.OpenAsync(connection, new SecureChannelOptions(), timeProvider, cancellationToken);
        var response = await channel.SendRequestAsync<GetEndpointsResponse>(new GetEndpointsRequest { EndpointUrl = endpointUrl }, cancellationToken: cancellationToken);
        return response.Endpoints ?? [];
    }

    /// <summary>The endpoint with the asked policy and mode, preferring UA-TCP binary.</summary>
    public static EndpointDescription SelectEndpoint(IReadOnlyList<EndpointDescription> endpoints, UaClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var endpoint in endpoints)
        {
            if (endpoint.SecurityPolicyUri == options.SecurityPolicy.Uri && endpoint.SecurityMode == options.SecurityMode
                && (endpoint.EndpointUrl?.StartsWith("opc.tcp:", StringComparison.OrdinalIgnoreCase) ?? true))
            {
                return endpoint;
            }
        }

        var offered = string.Join(", ", endpoints.Select(e => $"{SecurityPolicy.FromUri(e.SecurityPolicyUri)?.Name ?? e.SecurityPolicyUri} {e.SecurityMode}"));
        throw new UaException(StatusCodes.BadSecurityPolicyRejected,
            $"{options.EndpointUrl} offers no endpoint with {options.SecurityPolicy.Name} {options.SecurityMode}; it offers: {offered}.");
    }

    private static UserTokenPolicy SelectUserTokenPolicy(EndpointDescription endpoint, UaClientOptions options)
    {
        var wanted = options.UserName is null ? UserTokenType.Anonymous : UserTokenType.UserName;
        foreach (var policy in endpoint.UserIdentityTokens ?? [])
        {
            if (policy.TokenType == wanted)
            {
                return policy;
            }
        }

        throw new UaException(StatusCodes.BadIdentityTokenRejected, $"The endpoint {endpoint.EndpointUrl} does not accept {wanted} user tokens.");
    }

    private async Task CreateAndActivateAsync(CancellationToken cancellationToken)
    {
        var channel = Channel;
        var policy = channel.Policy;
        var clientNonce = policy.IsNone ? SecurityPolicy.Basic256Sha256.CreateNonce() : policy.CreateNonce();
        var clientCertificateDer = _clientCertificate?.RawData;
        var applicationUri = _clientCertificate is { } own ? UaCertificate.GetApplicationUri(own) ?? _options.ApplicationUri : _options.ApplicationUri;
        var create = await channel.SendRequestAsync<CreateSessionResponse>(new CreateSessionRequest
        {
            ClientDescription = new ApplicationDescription
            {
                ApplicationUri = applicationUri,
                ApplicationName = new LocalizedText(_options.ApplicationName),
                ApplicationType = ApplicationType.Client,
            },
            EndpointUrl = _options.EndpointUrl,
            SessionName = _options.SessionName,
            ClientNonce = ByteString.Wrap(clientNonce),
            ClientCertificate = ByteString.Wrap(clientCertificateDer),
            RequestedSessionTimeout = _options.SessionTimeout.TotalMilliseconds,
            MaxResponseMessageSize = (uint)channel.Limits.MaxResponseSize,
        }, cancellationToken: cancellationToken);

        var serverCertificateBytes = create.ServerCertificate.ToArray() ?? [];
        if (!policy.IsNone)
        {
            if (_serverCertificate is null || !serverCertificateBytes.AsSpan().StartsWith(_serverCertificate.RawData))
            {
                throw new UaException(StatusCodes.BadCertificateInvalid, "CreateSession returned another server certificate than the endpoint's.");
            }

            var signature = new SessionSignature(create.ServerSignature.Algorithm, create.ServerSignature.Signature.ToArray());
            if (!SessionSignatures.VerifyServerSignature(policy, _serverCertificate, clientCertificateDer, clientNonce, signature))
            {
                throw new UaException(StatusCodes.BadApplicationSignatureInvalid, "The server's CreateSession signature is invalid.");
            }
        }

        SessionId = create.SessionId;
        _authenticationToken = create.AuthenticationToken;
        SessionTimeout = TimeSpan.FromMilliseconds(create.RevisedSessionTimeout);
        _serverNonce = create.ServerNonce.ToArray() ?? [];
        _serverCertificateChain = serverCertificateBytes;
        await ActivateAsync(cancellationToken);
    }

    /// <summary>
    /// ActivateSession on the current channel: after CreateSession, and again on a new channel to take the session
    /// over after a reconnect. Signs the server certificate and its last nonce; each response brings the next nonce.
    /// </summary>
    private async Task ActivateAsync(CancellationToken cancellationToken)
    {
        var policy = Channel.Policy;
        var clientSignature = _clientCertificate is null
            ? SessionSignature.Empty
            : SessionSignatures.CreateClientSignature(policy, _clientCertificate, LeafOf(_serverCertificateChain), _serverNonce);
        var activate = new ActivateSessionRequest
        {
            ClientSignature = new SignatureData { Algorithm = clientSignature.Algorithm, Signature = ByteString.Wrap(clientSignature.Signature) },
            LocaleIds = ["en"],
            UserIdentityToken = new ExtensionObject(CreateIdentityToken(_identityPolicy, _serverNonce)),
        };
        var activated = await SendAsync<ActivateSessionResponse>(activate, cancellationToken);
        _serverNonce = activated.ServerNonce.ToArray() ?? [];
    }

    private IEncodeable CreateIdentityToken(UserTokenPolicy identityPolicy, byte[] serverNonce)
    {
        if (identityPolicy.TokenType == UserTokenType.Anonymous)
        {
            return new AnonymousIdentityToken { PolicyId = identityPolicy.PolicyId };
        }

        var tokenPolicy = UserTokenEncryption.SelectPolicy(identityPolicy.SecurityPolicyUri, Endpoint.SecurityPolicyUri ?? Channel.Policy.Uri);
        var secret = UserTokenEncryption.EncryptPassword(tokenPolicy, _options.Password ?? "", serverNonce, _serverCertificate);
        return new UserNameIdentityToken
        {
            PolicyId = identityPolicy.PolicyId,
            UserName = _options.UserName,
            Password = ByteString.Wrap(secret.Data),
            EncryptionAlgorithm = secret.EncryptionAlgorithm,
        };
    }

    /// <summary>The first certificate of a DER chain (the server may send its issuers after it).</summary>
    private static byte[] LeafOf(byte[] chain)
    {
        if (chain.Length < 4 || chain[0] != 0x30)
        {
            return chain;
        }

        var lengthByte = chain[1];
        int length, header;
        if (lengthByte < 0x80)
        {
            (length, header) = (lengthByte, 2);
        }
        else
        {
            var count = lengthByte & 0x7F;
            (length, header) = (0, 2 + count);
            for (var i = 0; i < count; i++)
            {
                length = (length << 8) | chain[2 + i];
            }
        }

        var total = header + length;
        return total < chain.Length ? chain[..total] : chain;
    }

    private async Task ReadNamespaceArrayAsync(CancellationToken cancellationToken)
    {
        // Server_NamespaceArray, i=2255.
        var values = await ReadAsync([new ReadValueId { NodeId = new NodeId(2255) }], cancellationToken);
        if (values[0].Value.Value is string?[] uris)
        {
            NamespaceUris = new NamespaceTable(uris.Select(u => u ?? ""));
        }
    }

    /// <summary>Sends a service request in this session (the authentication token is set here).</summary>
    public Task<TResponse> SendAsync<TResponse>(IServiceRequest request, CancellationToken cancellationToken = default)
        where TResponse : class, IServiceResponse
    {
        ArgumentNullException.ThrowIfNull(request);
        request.RequestHeader.AuthenticationToken = _authenticationToken;
        return Channel.SendRequestAsync<TResponse>(request, _options.RequestTimeout, cancellationToken);
    }

    /// <summary>
    /// As <see cref="SendAsync{TResponse}(IServiceRequest, CancellationToken)"/> with its own timeout: Publish requests
    /// are held by the server for up to several keep-alive intervals, longer than an ordinary request may take.
    /// </summary>
    public Task<TResponse> SendAsync<TResponse>(IServiceRequest request, TimeSpan timeout, CancellationToken cancellationToken = default)
        where TResponse : class, IServiceResponse
    {
        ArgumentNullException.ThrowIfNull(request);
        request.RequestHeader.AuthenticationToken = _authenticationToken;
        return Channel.SendRequestAsync<TResponse>(request, timeout, cancellationToken);
    }

    /// <summary>How long each ordinary request waits for its response (<see cref="UaClientOptions.RequestTimeout"/>).</summary>
    public TimeSpan RequestTimeout => _options.RequestTimeout;

    /// <summary>The subscriptions of this session, by server id, so any Publish response reaches its own subscription.</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<uint, UaSubscription> Subscriptions { get; } = new();

    /// <summary>Creates a subscription and starts its Publish loop; <paramref name="onBatch"/> gets each data-change message.</summary>
    public Task<UaSubscription> CreateSubscriptionAsync(UaSubscriptionOptions options, DataChangeBatchHandler onBatch, CancellationToken cancellationToken = default) =>
        UaSubscription.CreateAsync(this, options, onBatch, cancellationToken);

    /// <summary>Reads attributes; one DataValue per item, in order.</summary>
    public async Task<DataValue[]> ReadAsync(IReadOnlyList<ReadValueId> nodesToRead, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodesToRead);
        var response = await SendAsync<ReadResponse>(new ReadRequest
        {
            NodesToRead = [.. nodesToRead],
            TimestampsToReturn = TimestampsToReturn.Both,
        }, cancellationToken);
        var results = response.Results ?? [];
        if (results.Length != nodesToRead.Count)
        {
            throw new UaException(StatusCodes.BadUnexpectedError, $"Read {nodesToRead.Count} nodes and received {results.Length} results.");
        }

        return results;
    }

    /// <summary>Turns <c>nsu=…;s=…</c> or <c>ns=…;s=…</c> into a NodeId of this server's namespace table.</summary>
    public NodeId ResolveNodeId(string text)
    {
        var expanded = ExpandedNodeId.Parse(text);
        return expanded.TryToNodeId(NamespaceUris, out var nodeId)
            ? nodeId
            : throw new UaException(StatusCodes.BadNodeIdUnknown, $"The server has no namespace '{expanded.NamespaceUri}' for {text}.");
    }

    /// <summary>Closes the session (deleting its subscriptions), then the channel; stops reconnecting.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        await StopSupervisionAsync();
        foreach (var subscription in Subscriptions.Values)
        {
            await subscription.StopPublishingAsync();
        }

        var channel = Channel;
        try
        {
            if (channel.Fault is null)
            {
                await SendAsync<CloseSessionResponse>(new CloseSessionRequest { DeleteSubscriptions = true }, cancellationToken);
            }
        }
        catch (UaException)
        {
            // The session is gone either way.
        }
        finally
        {
            await channel.DisposeAsync();
            _clientCertificate?.Dispose();
            _serverCertificate?.Dispose();
            SetState(UaConnectionState.Closed);
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync();
}
