using SmartShop.OpcUa.Services;

namespace SmartShop.OpcUa.Client;

/// <summary>Browse, TranslateBrowsePaths, Write and Call helpers over <see cref="SendAsync{TResponse}(IServiceRequest, CancellationToken)"/>.</summary>
public sealed partial class UaClient
{
    /// <summary>
    /// Requests (the Browse and then BrowseNext calls) after which a browse gives up: a server that keeps returning
    /// continuation points is broken, and the loop must end.
    /// </summary>
    public const int MaxBrowseRounds = 10_000;

    private static readonly NodeId HasPropertyId = new(46);

    /// <summary>
    /// The references of one node, all of them: continuation points are followed with BrowseNext (and released if
    /// the browse is cancelled or fails half-way). Every field of each reference is asked for (ResultMask All).
    /// </summary>
    /// <param name="nodeId">The node to browse from.</param>
    /// <param name="direction">Forward (default), Inverse or Both.</param>
    /// <param name="referenceTypeId">The reference type to follow; null for HierarchicalReferences (i=33),
    /// <see cref="NodeId.Null"/> for every reference type.</param>
    /// <param name="includeSubtypes">Also follow subtypes of <paramref name="referenceTypeId"/>.</param>
    /// <param name="nodeClassMask">OR of <see cref="NodeClass"/> values to return; 0 for every class.</param>
    /// <param name="cancellationToken">Cancels the browse.</param>
    /// <exception cref="UaException">The server's result for the node is Bad (the message names the node and the
    /// status), or the browse did not end within <see cref="MaxBrowseRounds"/> requests.</exception>
    public async Task<ReferenceDescription[]> BrowseAsync(
        NodeId nodeId,
        BrowseDirection direction = BrowseDirection.Forward,
        NodeId? referenceTypeId = null,
        bool includeSubtypes = true,
        uint nodeClassMask = 0,
        CancellationToken cancellationToken = default)
    {
        var description = new BrowseDescription
        {
            NodeId = nodeId,
            BrowseDirection = direction,
            ReferenceTypeId = referenceTypeId ?? BrowsePathText.HierarchicalReferences,
            IncludeSubtypes = includeSubtypes,
            NodeClassMask = nodeClassMask,
            ResultMask = BrowseResultMask.All,
        };
        var results = await BrowseAsync([description], cancellationToken);
        return results[0];
    }

    /// <summary>
    /// Browses several nodes in one request; one complete reference list per node, in order. The server chooses how
    /// many references it returns per node and round.
    /// </summary>
    /// <exception cref="UaException">A node's result is Bad (the first such node and its status are named), or the
    /// browse did not end within <see cref="MaxBrowseRounds"/> requests.</exception>
    public Task<ReferenceDescription[][]> BrowseAsync(IReadOnlyList<BrowseDescription> nodes, CancellationToken cancellationToken = default) =>
        BrowseAsync(nodes, 0, cancellationToken);

    /// <summary>
    /// As <see cref="BrowseAsync(IReadOnlyList{BrowseDescription}, CancellationToken)"/>, asking the server for at
    /// most <paramref name="maxReferencesPerNode"/> references per node and round (0: the server chooses). Each node's
    /// continuation point is followed with BrowseNext until it has no more, the nodes still pending sharing one
    /// BrowseNext request per round. If the browse fails or is cancelled, the continuation points still held are
    /// released (best effort) so the server does not keep them until the session ends.
    /// </summary>
    public async Task<ReferenceDescription[][]> BrowseAsync(IReadOnlyList<BrowseDescription> nodes, uint maxReferencesPerNode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count == 0)
        {
            return [];
        }

        var references = new List<ReferenceDescription>[nodes.Count];
        for (var i = 0; i < references.Length; i++)
        {
            references[i] = [];
        }

        var first = await SendAsync<BrowseResponse>(new BrowseRequest
        {
            RequestedMaxReferencesPerNode = maxReferencesPerNode,
            NodesToBrowse = [.. nodes],
        }, cancellationToken);
        var results = CheckCount(first.Results, nodes.Count, "Browse", "nodes");

        // Node index and continuation point of every node that has more references.
        var pending = new List<(int Node, ByteString ContinuationPoint)>();
        try
        {
            Collect(nodes, results, i => i, references, pending);
            for (var round = 1; pending.Count > 0; round++)
            {
                if (round >= MaxBrowseRounds)
                {
                    throw new UaException(StatusCodes.BadUnexpectedError,
                        $"Browse of {nodes[pending[0].Node].NodeId} still had a continuation point after {MaxBrowseRounds} requests; giving up.");
                }

                cancellationToken.ThrowIfCancellationRequested();
                var asked = pending.ToArray();
                var next = await SendAsync<BrowseNextResponse>(new BrowseNextRequest
                {
                    ContinuationPoints = [.. asked.Select(p => p.ContinuationPoint)],
                }, cancellationToken);

                // The points just sent are spent whatever the results say; only new ones need releasing from here on.
                pending.Clear();
                var nextResults = CheckCount(next.Results, asked.Length, "BrowseNext", "continuation points");
                Collect(nodes, nextResults, j => asked[j].Node, references, pending);
            }
        }
        catch
        {
            await ReleaseContinuationPointsAsync(pending);
            throw;
        }

        var all = new ReferenceDescription[nodes.Count][];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = [.. references[i]];
        }

        return all;
    }

    /// <summary>
    /// Adds each result's references to its node's list and its continuation point (if any) to
    /// <paramref name="pending"/>, then throws for the first Bad result, so that every new continuation point is
    /// known (and released) before the exception.
    /// </summary>
    private static void Collect(
        IReadOnlyList<BrowseDescription> nodes, BrowseResult[] results, Func<int, int> nodeOf, List<ReferenceDescription>[] references, List<(int, ByteString)> pending)
    {
        var failed = -1;
        for (var j = 0; j < results.Length; j++)
        {
            var result = results[j];
            var node = nodeOf(j);
            if (result.StatusCode.IsBad)
            {
                failed = failed < 0 ? j : failed;
                continue;
            }

            references[node].AddRange(result.References ?? []);
            if (!result.ContinuationPoint.IsNullOrEmpty)
            {
                pending.Add((node, result.ContinuationPoint));
            }
        }

        if (failed >= 0)
        {
            var status = results[failed].StatusCode;
            throw new UaException(status, $"Browse of {nodes[nodeOf(failed)].NodeId} failed: {status}.");
        }
    }

    private async Task ReleaseContinuationPointsAsync(List<(int Node, ByteString ContinuationPoint)> pending)
    {
        if (pending.Count == 0)
        {
            return;
        }

        try
        {
            // Not cancellable: this runs because the caller's token may already be cancelled.
            await SendAsync<BrowseNextResponse>(new BrowseNextRequest
            {
                ReleaseContinuationPoints = true,
                ContinuationPoints = [.. pending.Select(p => p.ContinuationPoint)],
            }, CancellationToken.None);
        }
        catch (UaException)
        {
            // Best effort: the server frees them when the session closes anyway.
        }
        catch (OperationCanceledException)
        {
            // The channel is closing.
        }
    }

    /// <summary>
    /// TranslateBrowsePathsToNodeIds: one result per path, in order. A path that leads nowhere is a Bad result
    /// (typically BadNoMatch), not an exception.
    /// </summary>
    public async Task<BrowsePathResult[]> TranslateBrowsePathsAsync(IReadOnlyList<BrowsePath> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            return [];
        }

        var response = await SendAsync<TranslateBrowsePathsToNodeIdsResponse>(new TranslateBrowsePathsToNodeIdsRequest
        {
            BrowsePaths = [.. paths],
        }, cancellationToken);
        return CheckCount(response.Results, paths.Count, "TranslateBrowsePaths", "paths");
    }

    /// <summary>
    /// The node a textual browse path such as <c>/Objects/2:Plant/2:Lathe1/2:State</c> leads to (see
    /// <see cref="BrowsePathText"/> for the syntax: from the Root folder, <c>[nsIndex:]Name</c> elements following
    /// HierarchicalReferences). When several nodes match, the first target the server returns wins. <c>/</c> is the
    /// Root folder.
    /// </summary>
    /// <exception cref="FormatException">The text is not a browse path (the message names the bad element).</exception>
    /// <exception cref="UaException">No node on this server matches (the message names the path and the status).</exception>
    public async Task<NodeId> ResolveBrowsePathAsync(string path, CancellationToken cancellationToken = default)
    {
        var browsePath = BrowsePathText.Parse(path);
        if (browsePath.RelativePath.Elements is not { Length: > 0 })
        {
            return browsePath.StartingNode;
        }

        var result = (await TranslateBrowsePathsAsync([browsePath], cancellationToken))[0];
        if (result.StatusCode.IsBad)
        {
            throw new UaException(result.StatusCode,
                $"The browse path {path} leads to no node: {result.StatusCode}. A name without an index prefix (as in 2:Name) is in namespace 0; the server's namespaces are {DescribeNamespaces()}.");
        }

        foreach (var target in result.Targets ?? [])
        {
            if (target.RemainingPathIndex == BrowsePathTarget.WholePathFollowed && target.TargetId.TryToNodeId(NamespaceUris, out var nodeId))
            {
                return nodeId;
            }
        }

        throw new UaException(StatusCodes.BadNoMatch, $"The browse path {path} leads to no node on this server (only to nodes on other servers).");
    }

    private string DescribeNamespaces() =>
        string.Join(", ", NamespaceUris.Uris.Select((uri, index) => $"{index} {uri}"));

    /// <summary>Writes attributes; one status per item, in order. A refused value is a Bad status, not an exception.</summary>
    public async Task<StatusCode[]> WriteAsync(IReadOnlyList<WriteValue> nodesToWrite, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nodesToWrite);
        if (nodesToWrite.Count == 0)
        {
            return [];
        }

        var response = await SendAsync<WriteResponse>(new WriteRequest { NodesToWrite = [.. nodesToWrite] }, cancellationToken);
        return CheckCount(response.Results, nodesToWrite.Count, "Write", "values");
    }

    /// <summary>
    /// Writes the Value attribute of one node: the value only, without status or timestamps (most servers refuse
    /// those). The Variant's type must be the node's DataType (servers do not convert; a mismatch is
    /// BadTypeMismatch).
    /// </summary>
    public async Task<StatusCode> WriteValueAsync(NodeId nodeId, Variant value, CancellationToken cancellationToken = default)
    {
        var results = await WriteAsync([new WriteValue { NodeId = nodeId, AttributeId = AttributeIds.Value, Value = new DataValue(value) }], cancellationToken);
        return results[0];
    }

    /// <summary>Calls methods; one result per call, in order. A refused call is a Bad result status, not an exception.</summary>
    public async Task<CallMethodResult[]> CallAsync(IReadOnlyList<CallMethodRequest> methods, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(methods);
        if (methods.Count == 0)
        {
            return [];
        }

        var response = await SendAsync<CallResponse>(new CallRequest { MethodsToCall = [.. methods] }, cancellationToken);
        return CheckCount(response.Results, methods.Count, "Call", "methods");
    }

    /// <summary>
    /// Calls one method of an object with input arguments in the order of its InputArguments property (each of its
    /// DataType: servers do not convert). Check <see cref="CallMethodResult.StatusCode"/> and, for
    /// BadInvalidArgument, <see cref="CallMethodResult.InputArgumentResults"/>.
    /// </summary>
    public async Task<CallMethodResult> CallAsync(NodeId objectId, NodeId methodId, IReadOnlyList<Variant> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var results = await CallAsync([new CallMethodRequest { ObjectId = objectId, MethodId = methodId, InputArguments = [.. inputs] }], cancellationToken);
        return results[0];
    }

    /// <summary>
    /// A method's InputArguments and OutputArguments properties (empty when the method has none), found with
    /// TranslateBrowsePaths over HasProperty and read in one request.
    /// </summary>
    /// <exception cref="UaException">The method node cannot be browsed or read (e.g. BadNodeIdUnknown), or a
    /// property does not hold Argument structures.</exception>
    public async Task<(Argument[] Inputs, Argument[] Outputs)> ReadMethodArgumentsAsync(NodeId methodId, CancellationToken cancellationToken = default)
    {
        string[] names = ["InputArguments", "OutputArguments"];
        var paths = names.Select(name => new BrowsePath
        {
            StartingNode = methodId,
            RelativePath = new RelativePath
            {
                Elements = [new RelativePathElement { ReferenceTypeId = HasPropertyId, IncludeSubtypes = false, TargetName = new QualifiedName(name) }],
            },
        }).ToArray();
        var found = await TranslateBrowsePathsAsync(paths, cancellationToken);

        var properties = new NodeId?[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var status = found[i].StatusCode;
            if (status.CodeWithoutInfoBits == StatusCodes.BadNoMatch)
            {
                continue;
            }

            if (status.IsBad)
            {
                throw new UaException(status, $"Cannot find the {names[i]} of method {methodId}: {status}.");
            }

            foreach (var target in found[i].Targets ?? [])
            {
                if (target.RemainingPathIndex == BrowsePathTarget.WholePathFollowed && target.TargetId.TryToNodeId(NamespaceUris, out var property))
                {
                    properties[i] = property;
                    break;
                }
            }
        }

        var toRead = properties.Where(p => p is not null).Select(p => new ReadValueId { NodeId = p!.Value }).ToArray();
        var values = toRead.Length == 0 ? [] : await ReadAsync(toRead, cancellationToken);
        var arguments = new Argument[names.Length][];
        for (int i = 0, read = 0; i < names.Length; i++)
        {
            arguments[i] = properties[i] is null ? [] : ToArguments(names[i], values[read++]);
        }

        return (arguments[0], arguments[1]);

        Argument[] ToArguments(string name, DataValue value)
        {
            if (value.StatusCode.IsBad)
            {
                throw new UaException(value.StatusCode, $"Cannot read the {name} of method {methodId}: {value.StatusCode}.");
            }

            if (value.Value.IsNull)
            {
                return [];
            }

            if (!value.Value.TryGetArray(out ExtensionObject?[] objects))
            {
                throw new UaException(StatusCodes.BadTypeMismatch, $"The {name} of method {methodId} is {value.Value.BuiltInType}, not an array of Argument structures.");
            }

            var result = new Argument[objects.Length];
            for (var i = 0; i < objects.Length; i++)
            {
                if (!Argument.TryFrom(objects[i], out var argument, Channel.EncodingContext))
                {
                    throw new UaException(StatusCodes.BadTypeMismatch, $"Element {i} of the {name} of method {methodId} is not an Argument structure ({objects[i]?.TypeId}).");
                }

                result[i] = argument;
            }

            return result;
        }
    }

    private static T[] CheckCount<T>(T[]? results, int expected, string service, string what)
    {
        results ??= [];
        if (results.Length != expected)
        {
            throw new UaException(StatusCodes.BadUnexpectedError, $"{service} of {expected} {what} received {results.Length} results.");
        }

        return results;
    }
}
