using SmartShop.Core.Downtime;

namespace SmartShop.Server.Plant;

// The downtime reasons: the plant's tree (ids are segments; a node's full id joins them from the top with '.'),
// machine types' offered subsets, and stop-reason codes mapped to reasons. References are checked against every
// full id declared, even in a tree with errors, so that one typo in the tree does not make every reference "unknown".
internal sealed partial class PlantDocumentValidator
{
    private const string ReasonIdHint = "the full id of a downtime reason, e.g. unplanned.equipment.tooling";

    // Every full id declared in downtimeReasons, with its name (null when the node has none).
    private readonly Dictionary<string, string?> _reasonNames = new(StringComparer.Ordinal);

    private DowntimeReasonTree DowntimeReasons(PlantDocument document)
    {
        var before = _errorCount;
        var roots = ReasonNodes(document.DowntimeReasons, parentId: null, depth: 1);
        return _errorCount == before ? new DowntimeReasonTree(roots) : DowntimeReasonTree.Empty;
    }

    /// <param name="parentId">The parent's full id; null at the top, or when the parent's own id is invalid.</param>
    private List<DowntimeReason> ReasonNodes(List<DowntimeReasonDocument>? nodes, string? parentId, int depth)
    {
        var result = new List<DowntimeReason>();
        var segments = new Dictionary<string, DocumentPath>(StringComparer.Ordinal);
        var names = new Dictionary<string, DocumentPath>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in nodes ?? [])
        {
            var before = _errorCount;
            var fullId = ReasonId(node, parentId, depth, segments);
            var name = Required(node, "name", node.Name, "what operators see on the terminal");
            if (name is not null && !names.TryAdd(name.Trim(), node.Path))
            {
                Report(node, "name", $"another reason at this level is already named '{name}' (at {names[name.Trim()]})");
            }

            if (fullId is not null)
            {
                _reasonNames[fullId] = name;
            }

            var children = ReasonNodes(node.Children, fullId, depth + 1);
            if (_errorCount == before && fullId is not null && name is not null)
            {
                result.Add(new DowntimeReason(fullId, name, children));
            }
        }

        return result;
    }

    private string? ReasonId(DowntimeReasonDocument node, string? parentId, int depth, Dictionary<string, DocumentPath> siblings)
    {
        var prefix = parentId is null ? string.Empty : parentId + ".";
        if (Required(node, "id", node.Id, "one segment such as 'material'; the full id joins the ids from the top with '.'") is not { } segment)
        {
            return null;
        }

        if (segment.Contains('.', StringComparison.Ordinal))
        {
            Report(node, "id", $"'{segment}' contains '.': a reason's id is one segment, and its full id joins the ids from the top " +
                $"(here '{prefix}{segment[(segment.LastIndexOf('.') + 1)..]}')");
            return null;
        }

        if (!DowntimeReasonTree.IsSegment(segment))
        {
            Report(node, "id", $"'{segment}' is not a valid downtime reason id: use {DowntimeReasonTree.SegmentRule}");
            return null;
        }

        if (depth > DowntimeReasonTree.MaxDepth)
        {
            Report(node, "id", $"downtime reasons nest at most {DowntimeReasonTree.MaxDepth} levels deep; '{prefix}{segment}' is at level {depth}");
            return null;
        }

        if (!siblings.TryAdd(segment, node.Path))
        {
            Report(node, "id", $"duplicate downtime reason id '{prefix}{segment}' (already used at {siblings[segment]})");
            return null;
        }

        // Below a parent whose id is invalid no full id can be built; the node is still checked.
        return parentId is null && depth > 1 ? null : prefix + segment;
    }

    /// <summary>A machine type's reasons: full ids, none inside another; null (the whole tree) when the key is missing.</summary>
    private List<string>? OfferedReasons(MachineTypeDocument type)
    {
        const string Key = "reasons";
        const string LeaveOut = "leave the key out to offer the whole tree";
        if (type.Reasons is null)
        {
            if (type.ValuePositions.ContainsKey(Key) && !type.FailedKeys.Contains(Key))
            {
                Report(type, Key, $"has no value; list the ids of the downtime reasons operators pick from, or {LeaveOut}");
            }

            return null;
        }

        if (type.Reasons.Count == 0)
        {
            Report(type, Key, $"is empty: operators could not classify a stop; list the downtime reasons they pick from, or {LeaveOut}");
            return null;
        }

        var offered = new List<(string Id, DocumentPath Path)>();
        for (var i = 0; i < type.Reasons.Count; i++)
        {
            var item = type.Reasons[i];
            var path = type.Path.Property(Key).Index(i);
            if (!KnownReason(item.Text, path, item.Position))
            {
                continue;
            }

            if (offered.FirstOrDefault(o => DowntimeReasonTree.IsWithin(item.Text, o.Id)) is { Id: not null } wider)
            {
                Report(path, item.Position, $"'{item.Text}' is already offered with '{wider.Id}' (at {wider.Path})");
            }
            else if (offered.FirstOrDefault(o => DowntimeReasonTree.IsWithin(o.Id, item.Text)) is { Id: not null } narrower)
            {
                Report(path, item.Position, $"'{item.Text}' includes '{narrower.Id}' (at {narrower.Path}); list only '{item.Text}'");
            }
            else
            {
                offered.Add((item.Text, path));
            }
        }

        return [.. offered.Select(o => o.Id)];
    }

    /// <summary>
    /// Adds the entries of <paramref name="table"/> to <paramref name="into"/> (code to text) and
    /// <paramref name="reasonIds"/> (code to downtime reason), overriding codes already there: a code redefined as plain
    /// text loses an inherited reason.
    /// </summary>
    private Dictionary<int, string> StopReasons(CodeTableDocument? table, Dictionary<int, string> into, Dictionary<int, string> reasonIds)
    {
        foreach (var entry in table?.Entries ?? [])
        {
            if (entry.Detail is not { } detail)
            {
                if (string.IsNullOrWhiteSpace(entry.Text))
                {
                    Report(entry.Path, entry.Position, $"stop reason {entry.Code} has no text");
                    continue;
                }

                into[entry.Code] = entry.Text;
                reasonIds.Remove(entry.Code);
                continue;
            }

            var reason = Required(detail, "reason", detail.Reason, $"{ReasonIdHint}; for text alone write '{entry.Code}: <text>'");
            var known = reason is not null && KnownReason(reason, detail.Path.Property("reason"), detail.PositionOf("reason"));
            if (detail.Text is not null && string.IsNullOrWhiteSpace(detail.Text))
            {
                Report(detail, "text", "is empty; leave the key out to use the reason's name");
                continue;
            }

            if (known && (detail.Text ?? _reasonNames[reason!]) is { } text)
            {
                into[entry.Code] = text;
                reasonIds[entry.Code] = reason!;
            }
        }

        return into;
    }

    /// <summary>True when <paramref name="id"/> is declared in downtimeReasons; otherwise reports it with a suggestion.</summary>
    private bool KnownReason(string id, DocumentPath path, SourcePosition position)
    {
        if (_reasonNames.ContainsKey(id))
        {
            return true;
        }

        if (_reasonNames.Count == 0)
        {
            Report(path, position, $"unknown downtime reason '{id}': the plant file declares no downtimeReasons");
            return false;
        }

        // Writing only the last segment is the likely mistake: reasons are named by their full id.
        var bySegment = _reasonNames.Keys.Where(k => k.EndsWith("." + id, StringComparison.Ordinal)).ToList();
        var suggestion = bySegment.Count == 1 ? bySegment[0] : Spelling.Closest(id, _reasonNames.Keys);
        if (suggestion is not null)
        {
            Report(path, position, $"unknown downtime reason '{id}'; did you mean '{suggestion}'?");
            return false;
        }

        // Otherwise list what there is at the deepest level the id gets right.
        var parent = id;
        do
        {
            var dot = parent.LastIndexOf('.');
            parent = dot > 0 ? parent[..dot] : string.Empty;
        }
        while (parent.Length > 0 && !_reasonNames.ContainsKey(parent));

        var known = parent.Length > 0;
        var options = _reasonNames.Keys.Where(k => known
            ? k.StartsWith(parent + ".", StringComparison.Ordinal) && k.IndexOf('.', parent.Length + 1) < 0
            : !k.Contains('.', StringComparison.Ordinal));
        Report(path, position, known
            ? $"unknown downtime reason '{id}'; under '{parent}' there are: {string.Join(", ", options)}"
            : $"unknown downtime reason '{id}'; reasons are named by their full id from the top level: {string.Join(", ", options)}");
        return false;
    }
}
