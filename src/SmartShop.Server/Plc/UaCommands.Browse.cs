using System.CommandLine;
using SmartShop.OpcUa;
using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Services;

namespace SmartShop.Server.Plc;

/// <summary><c>smartshop ua browse</c>: the address space as an indented tree.</summary>
public static partial class UaCommands
{
    /// <summary>Deepest --depth accepted.</summary>
    internal const int MaxBrowseDepth = 32;

    /// <summary>References printed at most, so a deep browse of a large server ends.</summary>
    internal const int MaxBrowsedNodes = 5_000;

    private static readonly NodeId ObjectsFolder = new(85);

    private static Command BuildBrowse(Argument<string> url, ConnectionOptions connection, TextWriter output, TextWriter error)
    {
        var start = new Argument<string?>("node-id")
        {
            Description = "Where to start: " + NodeHelp + " (default: the Objects folder, i=85)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var depth = new Option<int>("--depth")
        {
            Description = $"Levels shown below the start node, 0-{MaxBrowseDepth} (default 1); at most {MaxBrowsedNodes} nodes are printed",
            DefaultValueFactory = _ => 1,
        };
        depth.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > MaxBrowseDepth)
            {
                result.AddError($"--depth must be 0 to {MaxBrowseDepth}.");
            }
        });

        var browse = connection.AddTo(new Command(
            "browse",
            "Print the nodes below a node (forward hierarchical references) as a tree: node class, browse name with its namespace index, NodeId, and the value of variables")
        {
            url, start, depth,
        });
        browse.SetAction(Guarded(error, async (parse, ct) =>
        {
            await using var client = await connection.ConnectAsync(parse, url, error, ct);
            var startText = parse.GetValue(start);
            var startId = startText is null ? ObjectsFolder : await ResolveNodeAsync(client, startText, ct);
            var tree = new BrowseTree(client, output, parse.GetValue(depth));
            var complete = await tree.PrintAsync(startId, startText ?? "Objects", ct);
            if (tree.Truncated)
            {
                await error.WriteLineAsync($"warning: stopped after {MaxBrowsedNodes} nodes; start lower in the tree or lower --depth.");
            }

            return complete ? 0 : 1;
        }));
        return browse;
    }

    /// <summary>One browse: depth-first, each node expanded once (a node reached again is marked, not repeated).</summary>
    private sealed class BrowseTree(UaClient client, TextWriter output, int maxDepth)
    {
        private readonly HashSet<NodeId> _expanded = [];
        private int _printed;
        private bool _failed;

        public bool Truncated { get; private set; }

        /// <summary>Prints the start node and the levels below it; false if some node could not be browsed.</summary>
        public async Task<bool> PrintAsync(NodeId startId, string startText, CancellationToken ct)
        {
            var attributes = await client.ReadAsync(
            [
                new ReadValueId { NodeId = startId, AttributeId = AttributeIds.NodeClass },
                new ReadValueId { NodeId = startId, AttributeId = AttributeIds.BrowseName },
                new ReadValueId { NodeId = startId, AttributeId = AttributeIds.Value },
            ], ct);
            if (attributes[0].StatusCode.IsBad)
            {
                throw new UaException(attributes[0].StatusCode, $"{startText}: {attributes[0].StatusCode}.");
            }

            var nodeClass = attributes[0].Value.TryGetValue(out int classValue) ? (NodeClass)classValue : NodeClass.Unspecified;
            attributes[1].Value.TryGetValue(out QualifiedName browseName);
            await output.WriteLineAsync(Line(0, nodeClass, browseName, Display(client, startId), nodeClass == NodeClass.Variable ? attributes[2] : null));
            _expanded.Add(startId);
            if (maxDepth > 0)
            {
                await ExpandAsync(startId, 1, ct);
            }

            return !_failed;
        }

        private async Task ExpandAsync(NodeId node, int level, CancellationToken ct)
        {
            ReferenceDescription[] children;
            try
            {
                children = await client.BrowseAsync(node, cancellationToken: ct);
            }
            catch (UaException ex)
            {
                _failed = true;
                await output.WriteLineAsync($"{Indent(level)}(cannot browse: {ex.StatusCode})");
                return;
            }

            var ids = new NodeId?[children.Length];
            for (var i = 0; i < children.Length; i++)
            {
                ids[i] = children[i].NodeId.TryToNodeId(client.NamespaceUris, out var id) ? id : null;
            }

            var values = await ReadVariableValuesAsync(children, ids, ct);
            for (var i = 0; i < children.Length; i++)
            {
                if (_printed >= MaxBrowsedNodes)
                {
                    Truncated = true;
                    return;
                }

                var child = children[i];
                var id = ids[i];
                var expand = level < maxDepth && id is not null;
                var seen = expand && _expanded.Contains(id!.Value);
                var shown = id is { } local ? Display(client, local) : child.NodeId.ToString();
                await output.WriteLineAsync(Line(level, child.NodeClass, child.BrowseName, shown + (seen ? "  (expanded above)" : string.Empty), values[i]));
                _printed++;
                if (expand && !seen)
                {
                    _expanded.Add(id!.Value);
                    await ExpandAsync(id.Value, level + 1, ct);
                    if (Truncated)
                    {
                        return;
                    }
                }
            }
        }

        /// <summary>The Value of each Variable child, read in one request; null for the other children.</summary>
        private async Task<DataValue?[]> ReadVariableValuesAsync(ReferenceDescription[] children, NodeId?[] ids, CancellationToken ct)
        {
            var values = new DataValue?[children.Length];
            var variables = Enumerable.Range(0, children.Length).Where(i => children[i].NodeClass == NodeClass.Variable && ids[i] is not null).ToArray();
            if (variables.Length == 0)
            {
                return values;
            }

            var read = await client.ReadAsync([.. variables.Select(i => new ReadValueId { NodeId = ids[i]!.Value })], ct);
            for (var j = 0; j < variables.Length; j++)
            {
                values[variables[j]] = read[j];
            }

            return values;
        }

        private static string Line(int level, NodeClass nodeClass, QualifiedName browseName, string nodeId, DataValue? value)
        {
            var line = $"{Indent(level)}{nodeClass,-8} {browseName}  {nodeId}";
            return value switch
            {
                null => line,
                { StatusCode.IsBad: true } bad => $"{line}  = {bad.StatusCode}",
                { } good => $"{line}  = {good.Value} ({good.Value.BuiltInType})",
            };
        }

        private static string Indent(int level) => new(' ', 2 * level);
    }
}
