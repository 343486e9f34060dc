using System.Collections.Concurrent;
using SmartShop.Core.Plant;
using SmartShop.OpcUa;
using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Services;
using SmartShop.Server.WorkOrders;

namespace SmartShop.Server.Plc;

/// <summary>
/// Jobs to machines over the endpoint's session: ISA-95 JobOrderControl methods where the plant file maps
/// <c>jobControl</c>, else the convention's JobStart / JobStop methods. Method node ids are found by browsing once per
/// machine and kept while the session's client lives.
/// </summary>
public sealed partial class PlcConnector : IMachineJobs
{
    private readonly ConcurrentDictionary<string, UaClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (UaClient Client, NodeId Object, Dictionary<string, NodeId> Methods)> _jobNodes = new(StringComparer.Ordinal);

    /// <summary>The machine's job interface; none while the connector is off (<c>Plc:Enabled</c> false), as nothing is sent then.</summary>
    public JobInterface InterfaceOf(string machineId) => !options.Value.Enabled ? JobInterface.None : catalog.Plant.FindMachine(machineId)?.Signals switch
    {
        { JobControl: not null } => JobInterface.Isa95,
        { JobStart: not null } => JobInterface.StartStop,
        _ => JobInterface.None,
    };

    public async Task<JobCallResult> DownloadAsync(string machineId, MachineJob job, CancellationToken cancellationToken)
    {
        var machine = catalog.Plant.FindMachine(machineId) ?? throw new ArgumentException($"No machine '{machineId}'.", nameof(machineId));
        switch (InterfaceOf(machineId))
        {
            case JobInterface.Isa95:
                return await CallIsa95Async(machine, "Store", client =>
                {
                    var index = client.NamespaceUris.IndexOf(Isa95JobOrder.NamespaceUri);
                    if (index < 0)
                    {
                        throw new UaException(SmartShop.OpcUa.StatusCodes.BadNodeIdUnknown, $"the server has no ISA-95 job control namespace ({Isa95JobOrder.NamespaceUri})");
                    }

                    return [new Variant(Isa95JobOrder.Encode(job, (ushort)index)), new Variant(Array.Empty<LocalizedText>())];
                }, cancellationToken);
            case JobInterface.StartStop:
                return JobCallResult.NotSent("the machine takes jobs with JobStart: nothing to download before start");
            default:
                return JobCallResult.NotSent("the machine has no job interface: set the job up at the machine");
        }
    }

    public async Task<JobCallResult> CommandAsync(string machineId, JobCommand command, MachineJob job, CancellationToken cancellationToken)
    {
        var machine = catalog.Plant.FindMachine(machineId) ?? throw new ArgumentException($"No machine '{machineId}'.", nameof(machineId));
        switch (InterfaceOf(machineId))
        {
            case JobInterface.Isa95:
                return await CallIsa95Async(machine, command.ToString(), _ => [new Variant(job.JobOrderId), new Variant(Array.Empty<LocalizedText>())], cancellationToken);
            case JobInterface.StartStop when command is JobCommand.Start or JobCommand.Resume:
                return await CallMethodAsync(machine, machine.Signals.JobStart!, [new Variant(job.JobOrderId), new Variant(job.Product)], cancellationToken);
            case JobInterface.StartStop when command is JobCommand.Stop or JobCommand.Abort or JobCommand.Cancel && machine.Signals.JobStop is { } stop:
                return await CallMethodAsync(machine, stop, [], cancellationToken);
            case JobInterface.StartStop:
                return JobCallResult.NotSent($"the machine's JobStart/JobStop interface has no {command.ToString().ToLowerInvariant()}: do it at the machine");
            default:
                return JobCallResult.NotSent("the machine has no job interface: do it at the machine");
        }
    }

    private UaClient? ClientFor(MachineDefinition machine) => _clients.GetValueOrDefault(machine.Endpoint.Url);

    private async Task<JobCallResult> CallIsa95Async(MachineDefinition machine, string method, Func<UaClient, Variant[]> arguments, CancellationToken ct)
    {
        if (ClientFor(machine) is not { } client)
        {
            return NotConnected(machine);
        }

        try
        {
            var (objectId, methods) = await JobControlNodesAsync(client, machine, ct);
            if (!methods.TryGetValue(method, out var methodId))
            {
                return JobCallResult.Refused($"the machine's JobOrderControl has no {method} method");
            }

            var result = await client.CallAsync(objectId, methodId, arguments(client), ct);
            if (result.StatusCode.IsBad)
            {
                return JobCallResult.Refused($"{method} failed: {result.StatusCode}");
            }

            ulong status = 0;
            if (result.OutputArguments is { Length: > 0 } outputs && !outputs[^1].TryGetValue(out status))
            {
                return JobCallResult.Refused($"{method} answered without a ReturnStatus");
            }

            return Isa95JobOrder.Describe(status) is { } refusal ? JobCallResult.Refused($"{method}: {refusal}") : JobCallResult.Ok();
        }
        catch (Exception e) when (e is UaException or IOException or TimeoutException or FormatException)
        {
            return JobCallResult.Unreachable($"{method} could not be sent: {e.Message}");
        }
    }

    private async Task<JobCallResult> CallMethodAsync(MachineDefinition machine, SignalAddress address, Variant[] arguments, CancellationToken ct)
    {
        if (ClientFor(machine) is not { } client)
        {
            return NotConnected(machine);
        }

        try
        {
            var methodId = address.Kind == SignalAddressKind.BrowsePath ? await client.ResolveBrowsePathAsync(address.Text, ct) : client.ResolveNodeId(address.Text);
            var parents = await client.BrowseAsync(methodId, BrowseDirection.Inverse, cancellationToken: ct);
            if (parents.Length == 0 || !parents[0].NodeId.TryToNodeId(client.NamespaceUris, out var objectId))
            {
                return JobCallResult.Refused($"the method {address.Text} has no parent object to call it on");
            }

            var result = await client.CallAsync(objectId, methodId, arguments, ct);
            return result.StatusCode.IsBad ? JobCallResult.Refused($"{address.Text} failed: {result.StatusCode}") : JobCallResult.Ok();
        }
        catch (Exception e) when (e is UaException or IOException or TimeoutException or FormatException)
        {
            return JobCallResult.Unreachable($"{address.Text} could not be called: {e.Message}");
        }
    }

    private JobCallResult NotConnected(MachineDefinition machine)
    {
        var status = Endpoints.FirstOrDefault(e => e.Url == machine.Endpoint.Url);
        return JobCallResult.Unreachable($"{machine.Endpoint.Url} is not connected{(status?.LastError is { } error ? $" ({error})" : string.Empty)}");
    }

    private async Task<(NodeId Object, Dictionary<string, NodeId> Methods)> JobControlNodesAsync(UaClient client, MachineDefinition machine, CancellationToken ct)
    {
        if (_jobNodes.TryGetValue(machine.Id, out var cached) && ReferenceEquals(cached.Client, client))
        {
            return (cached.Object, cached.Methods);
        }

        var address = machine.Signals.JobControl!;
        var objectId = address.Kind == SignalAddressKind.BrowsePath ? await client.ResolveBrowsePathAsync(address.Text, ct) : client.ResolveNodeId(address.Text);
        var methods = new Dictionary<string, NodeId>(StringComparer.Ordinal);
        foreach (var reference in await client.BrowseAsync(objectId, nodeClassMask: (uint)NodeClass.Method, cancellationToken: ct))
        {
            if (reference.NodeId.TryToNodeId(client.NamespaceUris, out var methodId))
            {
                methods[reference.BrowseName.Name ?? string.Empty] = methodId;
            }
        }

        _jobNodes[machine.Id] = (client, objectId, methods);
        return (objectId, methods);
    }
}
