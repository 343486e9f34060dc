using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Security;
using SmartShop.OpcUa.Services;
using SmartShop.OpcUa.Tests.PlcSim;
using SmartShop.OpcUa.Tests.Security;

namespace SmartShop.OpcUa.Tests.Client;

/// <summary>Browse, TranslateBrowsePaths, Write and Call helpers against the real plc-sim (node-opcua).</summary>
public sealed class UaClientServicesPlcSimTests
{
    private const string PlcSimNamespace = "urn:smartshop:plc-sim";
    private const string Lathe = "nsu=urn:smartshop:plc-sim;s=line-1/l1-lathe";
    private static readonly NodeId ObjectsFolder = new(85);

    private static UaClientOptions Options(string url, string pki) => new()
    {
        EndpointUrl = url,
        PkiPath = pki,
        SecurityPolicy = SecurityPolicy.Basic256Sha256,
        SecurityMode = MessageSecurityMode.SignAndEncrypt,
        AutoAcceptUntrustedServerCertificates = true,
        ApplicationUri = "urn:smartshop:tests:client",
    };

    [Fact]
    public async Task Browse_ObjectsThenLine_FindsLineFoldersSimulationAndMachines()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path), TimeProvider.System);
        var ns = (ushort)client.NamespaceUris.IndexOf(PlcSimNamespace);

        var objects = await client.BrowseAsync(ObjectsFolder);
        var line1 = Assert.Single(objects, r => r.BrowseName == new QualifiedName("line-1", ns));
        var machines = await client.BrowseAsync(client.ResolveNodeId("nsu=urn:smartshop:plc-sim;s=line-1"), nodeClassMask: (uint)NodeClass.Object);

        Assert.Contains(objects, r => r.BrowseName == new QualifiedName("line-2", ns) && r.NodeClass == NodeClass.Object);
        Assert.Contains(objects, r => r.BrowseName == new QualifiedName("Simulation", ns));
        Assert.Contains(objects, r => r.BrowseName == new QualifiedName("Server"));
        Assert.Equal(new NodeId("line-1", ns), line1.NodeId.NodeId);
        Assert.Equal(new NodeId(35), line1.ReferenceTypeId); // Organizes
        Assert.True(line1.IsForward);
        Assert.Equal(new NodeId(61), line1.TypeDefinition.NodeId); // FolderType
        Assert.Contains(machines, r => r.BrowseName == new QualifiedName("l1-lathe", ns) && r.NodeId.NodeId == client.ResolveNodeId(Lathe));
        Assert.Contains(machines, r => r.BrowseName == new QualifiedName("l1-mill", ns));
        Assert.All(machines, r => Assert.Equal(NodeClass.Object, r.NodeClass));
    }

    [Fact]
    public async Task Browse_MachineTwoReferencesPerRound_BrowseNextCollectsTheSameReferencesAsOneRound()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path), TimeProvider.System);
        var lathe = client.ResolveNodeId(Lathe);
        BrowseDescription Machine() => new() { NodeId = lathe, ReferenceTypeId = BrowsePathText.HierarchicalReferences, IncludeSubtypes = true };

        // The server really pages at two references: its first answer carries a continuation point.
        var firstPage = await client.SendAsync<BrowseResponse>(new BrowseRequest { RequestedMaxReferencesPerNode = 2, NodesToBrowse = [Machine()] });
        var paged = await client.BrowseAsync([Machine(), new BrowseDescription { NodeId = ObjectsFolder, ReferenceTypeId = BrowsePathText.HierarchicalReferences, IncludeSubtypes = true }], maxReferencesPerNode: 2);
        var whole = await client.BrowseAsync(lathe);
        var objects = await client.BrowseAsync(ObjectsFolder);

        Assert.Equal(2, firstPage.Results![0].References!.Length);
        Assert.False(firstPage.Results[0].ContinuationPoint.IsNullOrEmpty);
        Assert.True(whole.Length > 20, $"{whole.Length} references");
        Assert.Equal(Names(whole), Names(paged[0]));
        Assert.Equal(Names(objects), Names(paged[1]));
        Assert.Contains(paged[0], r => r.BrowseName.Name == "SpeedSetpoint");
    }

    [Fact]
    public async Task Browse_UnknownNode_ThrowsNamingNodeAndStatus()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path), TimeProvider.System);
        var missing = client.ResolveNodeId("nsu=urn:smartshop:plc-sim;s=line-9/nowhere");

        var error = await Assert.ThrowsAsync<UaException>(() => client.BrowseAsync(missing));

        Assert.Equal(StatusCodes.BadNodeIdUnknown, error.StatusCode.CodeWithoutInfoBits);
        Assert.Contains("line-9/nowhere", error.Message, StringComparison.Ordinal);
        Assert.Contains("BadNodeIdUnknown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveBrowsePath_GoodCountOfLathe_IsTheKnownNodeId()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path), TimeProvider.System);
        var ns = client.NamespaceUris.IndexOf(PlcSimNamespace);

        var goodCount = await client.ResolveBrowsePathAsync($"/Objects/{ns}:line-1/{ns}:l1-lathe/{ns}:GoodCount");
        var translated = await client.TranslateBrowsePathsAsync(
        [
            BrowsePathText.Parse($"/Objects/{ns}:line-1/{ns}:l1-lathe/{ns}:State"),
            BrowsePathText.Parse($"/Objects/{ns}:line-1/{ns}:no-such-machine"),
        ]);

        Assert.Equal(client.ResolveNodeId($"{Lathe}/GoodCount"), goodCount);
        Assert.True(translated[0].StatusCode.IsGood, translated[0].StatusCode.ToString());
        Assert.Equal(client.ResolveNodeId($"{Lathe}/State"), Assert.Single(translated[0].Targets!).TargetId.NodeId);
        Assert.True(translated[1].StatusCode.IsBad);
        Assert.Equal(new NodeId(84), await client.ResolveBrowsePathAsync("/"));
    }

    [Fact]
    public async Task ResolveBrowsePath_NameInWrongNamespace_ThrowsNamingPathAndStatus()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path), TimeProvider.System);

        var error = await Assert.ThrowsAsync<UaException>(() => client.ResolveBrowsePathAsync("/Objects/line-1"));

        Assert.True(error.StatusCode.IsBad);
        Assert.Contains("/Objects/line-1", error.Message, StringComparison.Ordinal);
        Assert.Contains(PlcSimNamespace, error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<FormatException>(() => client.ResolveBrowsePathAsync("Objects/line-1"));
    }

    [Fact]
    public async Task WriteValue_SpeedSetpointDouble_ReadsBackWrittenValue()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path), TimeProvider.System);
        var setpoint = client.ResolveNodeId($"{Lathe}/SpeedSetpoint");

        var status = await client.WriteValueAsync(setpoint, new Variant(12.5));
        var read = await client.ReadAsync([new ReadValueId { NodeId = setpoint }]);

        Assert.True(status.IsGood, status.ToString());
        Assert.True(read[0].Value.TryGetValue(out double value));
        Assert.Equal(12.5, value);
    }

    [Fact]
    public async Task Write_WrongTypeAndUnknownNode_BadStatusesNotException()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path), TimeProvider.System);
        var setpoint = client.ResolveNodeId($"{Lathe}/SpeedSetpoint");

        var statuses = await client.WriteAsync(
        [
            new WriteValue { NodeId = setpoint, Value = new DataValue(new Variant("fast")) },
            new WriteValue { NodeId = client.ResolveNodeId($"{Lathe}/NoSuchSignal"), Value = new DataValue(new Variant(1.0)) },
            new WriteValue { NodeId = setpoint, Value = new DataValue(new Variant(30.0)) },
        ]);

        Assert.Equal(StatusCodes.BadTypeMismatch, statuses[0].CodeWithoutInfoBits);
        Assert.Equal(StatusCodes.BadNodeIdUnknown, statuses[1].CodeWithoutInfoBits);
        Assert.True(statuses[2].IsGood, statuses[2].ToString());
    }

    [Fact]
    public async Task Call_SimulationSetSpeed_SpeedPercentFollows()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path), TimeProvider.System);
        var simulation = client.ResolveNodeId($"{Lathe}/Simulation");
        var setSpeed = client.ResolveNodeId($"{Lathe}/Simulation/SetSpeed");

        var result = await client.CallAsync(simulation, setSpeed, [new Variant(150.0)]);
        var percent = await client.ReadAsync([new ReadValueId { NodeId = client.ResolveNodeId($"{Lathe}/Simulation/SpeedPercent") }]);

        Assert.True(result.StatusCode.IsGood, result.StatusCode.ToString());
        Assert.True(percent[0].Value.TryGetValue(out double value), percent[0].Value.ToString());
        Assert.Equal(150.0, value);
    }

    [Fact]
    public async Task Call_WrongArguments_BadStatusPerCallNotException()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path), TimeProvider.System);
        var simulation = client.ResolveNodeId($"{Lathe}/Simulation");
        var setSpeed = client.ResolveNodeId($"{Lathe}/Simulation/SetSpeed");

        var results = await client.CallAsync(
        [
            new CallMethodRequest { ObjectId = simulation, MethodId = setSpeed, InputArguments = [new Variant("fast")] },
            new CallMethodRequest { ObjectId = simulation, MethodId = setSpeed, InputArguments = [] },
            new CallMethodRequest { ObjectId = simulation, MethodId = setSpeed, InputArguments = [new Variant(500.0)] },
        ]);

        Assert.All(results, r => Assert.True(r.StatusCode.IsBad, r.StatusCode.ToString()));
        Assert.Equal(StatusCodes.BadInvalidArgument, results[2].StatusCode.CodeWithoutInfoBits);
    }

    [Fact]
    public async Task ReadMethodArguments_JobStartAndLoadScenario_NamesAndTypes()
    {
        await using var plcSim = await PlcSimServer.StartAsync();
        using var pki = new TempDirectory();
        await using var client = await UaClient.ConnectAsync(Options(plcSim.EndpointUrl, pki.Path), TimeProvider.System);

        var jobStart = await client.ReadMethodArgumentsAsync(client.ResolveNodeId($"{Lathe}/JobStart"));
        var loadScenario = await client.ReadMethodArgumentsAsync(client.ResolveNodeId("nsu=urn:smartshop:plc-sim;s=Simulation/LoadScenario"));
        var jobStop = await client.ReadMethodArgumentsAsync(client.ResolveNodeId($"{Lathe}/JobStop"));

        Assert.Equal(["jobId", "product"], jobStart.Inputs.Select(a => a.Name));
        Assert.All(jobStart.Inputs, a => Assert.Equal(new NodeId(12), a.DataType)); // String
        Assert.All(jobStart.Inputs, a => Assert.Equal(-1, a.ValueRank));
        Assert.Empty(jobStart.Outputs);
        Assert.Equal("ScenarioYaml", Assert.Single(loadScenario.Inputs).Name);
        var steps = Assert.Single(loadScenario.Outputs);
        Assert.Equal(("Steps", new NodeId(7)), (steps.Name, steps.DataType)); // UInt32
        Assert.Empty(jobStop.Inputs);
    }

    private static string[] Names(IEnumerable<ReferenceDescription> references) =>
        [.. references.Select(r => $"{r.ReferenceTypeId} {r.BrowseName} {r.NodeId}").Order(StringComparer.Ordinal)];
}
