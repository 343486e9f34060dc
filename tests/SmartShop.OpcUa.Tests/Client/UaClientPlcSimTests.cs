using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Security;
using SmartShop.OpcUa.Services;
using SmartShop.OpcUa.Tests.PlcSim;
using SmartShop.OpcUa.Tests.Security;

namespace SmartShop.OpcUa.Tests.Client;

/// <summary>The whole client stack against the real plc-sim (node-opcua), in every security mode.</summary>
public sealed class UaClientPlcSimTests
{
    private const string GoodCount = "nsu=urn:smartshop:plc-sim;s=line-1/l1-lathe/GoodCount";
    private const string State = "nsu=urn:smartshop:plc-sim;s=line-1/l1-lathe/State";

    private static UaClientOptions Options(string url, string pki, SecurityPolicy policy, MessageSecurityMode mode) => new()
    {
        EndpointUrl = url,
        PkiPath = pki,
        SecurityPolicy = policy,
        SecurityMode = mode,
        AllowInsecure = policy.IsNone,
        AutoAcceptUntrustedServerCertificates = true,
        ApplicationUri = "urn:smartshop:tests:client",
    };

    public static TheoryData<string, MessageSecurityMode> Modes => new()
    {
        { SecurityPolicy.NoneUri, MessageSecurityMode.None },
        { SecurityPolicy.Basic256Sha256Uri, MessageSecurityMode.Sign },
        { SecurityPolicy.Basic256Sha256Uri, MessageSecurityMode.SignAndEncrypt },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Read_GoodCountAndStateInEachMode_ReturnsUInt32AndInt32(string policyUri, MessageSecurityMode mode)
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path, SecurityPolicy.FromUri(policyUri)!, mode), TimeProvider.System);

        var values = await client.ReadAsync([new ReadValueId { NodeId = client.ResolveNodeId(GoodCount) }, new ReadValueId { NodeId = client.ResolveNodeId(State) }]);

        Assert.True(values[0].StatusCode.IsGood, values[0].StatusCode.ToString());
        Assert.True(values[0].Value.TryGetValue(out uint _), values[0].Value.BuiltInType.ToString());
        Assert.True(values[1].Value.TryGetValue(out int _), values[1].Value.BuiltInType.ToString());
        Assert.Equal(mode, client.Endpoint.SecurityMode);
    }

    [Fact]
    public async Task Connect_OperatorWithPassword_ReadsOverEncryptedSession()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        var options = Options(plcSim.EndpointUrl, pki.Path, SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt) with
        {
            UserName = "operator",
            Password = "plc-sim-operator",
        };
        await using var client = await UaClient.ConnectAsync(options, TimeProvider.System);

        var values = await client.ReadAsync([new ReadValueId { NodeId = client.ResolveNodeId(GoodCount) }]);

        Assert.True(values[0].Value.TryGetValue(out uint _));
    }

    [Fact]
    public async Task Connect_OperatorOnNoneEndpoint_PasswordStillEncryptedAndAccepted()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        var options = Options(plcSim.EndpointUrl, pki.Path, SecurityPolicy.None, MessageSecurityMode.None) with
        {
            UserName = "operator",
            Password = "plc-sim-operator",
        };
        await using var client = await UaClient.ConnectAsync(options, TimeProvider.System);

        var values = await client.ReadAsync([new ReadValueId { NodeId = client.ResolveNodeId(State) }]);

        Assert.True(values[0].StatusCode.IsGood);
    }

    [Fact]
    public async Task Connect_WrongPassword_ThrowsServersAccessDenied()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        var options = Options(plcSim.EndpointUrl, pki.Path, SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign) with
        {
            UserName = "operator",
            Password = "wrong",
        };

        var error = await Assert.ThrowsAsync<UaException>(() => UaClient.ConnectAsync(options, TimeProvider.System));

        // node-opcua answers a wrong password with BadUserAccessDenied (a ServiceFault to ActivateSession).
        Assert.Equal(StatusCodes.BadUserAccessDenied, error.StatusCode.Code);
    }

    [Fact]
    public async Task Connect_UntrustedServerWithoutAutoAccept_RefusedNamingThumbprint()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        var options = Options(plcSim.EndpointUrl, pki.Path, SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt) with
        {
            AutoAcceptUntrustedServerCertificates = false,
        };

        var error = await Assert.ThrowsAsync<CertificateValidationException>(() => UaClient.ConnectAsync(options, TimeProvider.System));

        Assert.Contains(error.Thumbprint, error.Message, StringComparison.Ordinal);
        Assert.Contains("trusted", error.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(pki.Path, "rejected", "certs")));
    }

    [Fact]
    public async Task Connect_AfterTrustingRejectedServer_Succeeds()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        var options = Options(plcSim.EndpointUrl, pki.Path, SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign) with
        {
            AutoAcceptUntrustedServerCertificates = false,
        };
        var refused = await Assert.ThrowsAsync<CertificateValidationException>(() => UaClient.ConnectAsync(options, TimeProvider.System));
        new PkiDirectory(pki.Path).TrustRejected(refused.Thumbprint);

        await using var client = await UaClient.ConnectAsync(options, TimeProvider.System);

        Assert.False(client.SessionId.IsNull);
    }

    [Fact]
    public async Task GetEndpoints_PlcSim_OffersNoneSignAndSignAndEncrypt()
    {
        await using var plcSim = await PlcSimServer.StartAsync();

        var endpoints = await UaClient.GetEndpointsAsync(plcSim.EndpointUrl, TimeProvider.System);

        Assert.Contains(endpoints, e => e.SecurityMode == MessageSecurityMode.None && e.SecurityPolicyUri == SecurityPolicy.NoneUri);
        Assert.Contains(endpoints, e => e.SecurityMode == MessageSecurityMode.Sign && e.SecurityPolicyUri == SecurityPolicy.Basic256Sha256Uri);
        Assert.Contains(endpoints, e => e.SecurityMode == MessageSecurityMode.SignAndEncrypt && !e.ServerCertificate.IsNullOrEmpty);
    }

    [Theory]
    [InlineData(MessageSecurityMode.Sign)]
    [InlineData(MessageSecurityMode.SignAndEncrypt)]
    public async Task Read_ThousandsOfNodes_RequestAndResponseSpanSeveralChunks(MessageSecurityMode mode)
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path, SecurityPolicy.Basic256Sha256, mode), TimeProvider.System);
        var node = client.ResolveNodeId(GoodCount);
        var nodes = Enumerable.Range(0, 3000).Select(_ => new ReadValueId { NodeId = node }).ToArray();

        var sentBefore = client.Channel.ChunksSent;
        var receivedBefore = client.Channel.ChunksReceived;

        var values = await client.ReadAsync(nodes);

        Assert.True(client.Channel.ChunksSent - sentBefore > 1, "the request should have needed several chunks");
        Assert.True(client.Channel.ChunksReceived - receivedBefore > 1, "the response should have come in several chunks");
        Assert.Equal(3000, values.Length);
        Assert.All(values, v => Assert.True(v.Value.TryGetValue(out uint _)));
    }

    [Fact]
    public async Task Connect_WrongPassword_ReportsStatusInMessage()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        var options = Options(plcSim.EndpointUrl, pki.Path, SecurityPolicy.None, MessageSecurityMode.None) with { UserName = "operator", Password = "nope" };

        var error = await Assert.ThrowsAsync<UaException>(() => UaClient.ConnectAsync(options, TimeProvider.System));

        Assert.Contains("ActivateSessionRequest", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.StatusCode.ToString().Split(' ')[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Channel_ShortTokenLifetime_RenewsKeysAndKeepsReading()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        // node-opcua's shortest token lifetime is 2.5 s, so the renewal happens about 1.9 s after the channel opens.
        var options = Options(plcSim.EndpointUrl, pki.Path, SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt) with
        {
            ChannelLifetime = TimeSpan.FromSeconds(2.5),
        };
        await using var client = await UaClient.ConnectAsync(options, TimeProvider.System);
        var renewed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Channel.TokenRenewed += _ => renewed.TrySetResult();
        if (client.Channel.TokenRenewals == 0)
        {
            await renewed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var values = await client.ReadAsync([new ReadValueId { NodeId = client.ResolveNodeId(GoodCount) }]);

        Assert.True(client.Channel.TokenRenewals >= 1);
        Assert.True(values[0].Value.TryGetValue(out uint _));
    }
}
