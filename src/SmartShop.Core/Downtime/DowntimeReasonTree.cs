using System.Text.RegularExpressions;

namespace SmartShop.Core.Downtime;

/// <summary>
/// A node of the plant's downtime reason tree, e.g. <c>unplanned.material.starved</c> "Starved".
/// </summary>
/// <param name="Id">
/// The full id: the segments from the top of the tree joined with '.', so a child's id is its parent's id, a dot and
/// its own segment. It is what classifications and PLC code mappings store, so it must stay stable.
/// </param>
/// <param name="Children">Finer reasons under this one; empty for a leaf.</param>
public sealed record DowntimeReason(string Id, string Name, IReadOnlyList<DowntimeReason> Children)
{
    /// <summary>1 for a top-level reason, 2 for its children, and so on.</summary>
    public int Depth => Id.Count(c => c == '.') + 1;

    /// <summary>The last segment of the id.</summary>
    public string Segment => Id[(Id.LastIndexOf('.') + 1)..];

    /// <summary>A leaf reason.</summary>
    public DowntimeReason(string id, string name)
        : this(id, name, [])
    {
    }
}

/// <summary>
/// The plant's hierarchical downtime reasons (e.g. Unplanned &gt; Material &gt; Starved). Immutable. The constructor
/// enforces the id rules because stored classifications and every lookup depend on them.
/// </summary>
public sealed partial class DowntimeReasonTree
{
    /// <summary>The segment rule in words, for error messages. Segments are dot-free: the dot joins them in the full id.</summary>
    public const string SegmentRule = "1-32 lower-case letters, digits, '-' or '_', starting with a letter or digit";

    /// <summary>Deeper trees are unusable on a terminal and in a Pareto.</summary>
    public const int MaxDepth = 6;

    private readonly Dictionary<string, DowntimeReason> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DowntimeReason?> _parents = new(StringComparer.Ordinal);

    public DowntimeReasonTree(IReadOnlyList<DowntimeReason> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        Roots = roots;
        var ids = new List<string>();
        Add(roots, parent: null);
        Ids = ids;

        void Add(IReadOnlyList<DowntimeReason> nodes, DowntimeReason? parent)
        {
            foreach (var node in nodes)
            {
                ArgumentNullException.ThrowIfNull(node, nameof(roots));
                var expectedPrefix = parent is null ? string.Empty : parent.Id + ".";
                if (!node.Id.StartsWith(expectedPrefix, StringComparison.Ordinal) || !IsSegment(node.Id[expectedPrefix.Length..]))
                {
                    throw new ArgumentException(
                        parent is null
                            ? $"Downtime reason id '{node.Id}' is not a valid top-level id (one segment: {SegmentRule})."
                            : $"Downtime reason id '{node.Id}' under '{parent.Id}' must be '{parent.Id}.<segment>' ({SegmentRule}).",
                        nameof(roots));
                }

                if (node.Depth > MaxDepth)
                {
                    throw new ArgumentException($"Downtime reason '{node.Id}' is deeper than {MaxDepth} levels.", nameof(roots));
                }

                if (string.IsNullOrWhiteSpace(node.Name))
                {
                    throw new ArgumentException($"Downtime reason '{node.Id}' has no name.", nameof(roots));
                }

                if (!_byId.TryAdd(node.Id, node))
                {
                    throw new ArgumentException($"Downtime reason id '{node.Id}' is used more than once.", nameof(roots));
                }

                _parents[node.Id] = parent;
                ids.Add(node.Id);
                Add(node.Children, node);
            }
        }
    }

    public static DowntimeReasonTree Empty { get; } = new([]);

    public IReadOnlyList<DowntimeReason> Roots { get; }

    /// <summary>Every full id, depth first in tree order.</summary>
    public IReadOnlyList<string> Ids { get; }

    public bool IsEmpty => Ids.Count == 0;

    public static bool IsSegment(string segment) => SegmentPattern().IsMatch(segment);

    public bool Contains(string id) => _byId.ContainsKey(id);

    public DowntimeReason? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The reasons from the top of the tree down to <paramref name="id"/>; empty for an unknown id.</summary>
    public IReadOnlyList<DowntimeReason> PathTo(string id)
    {
        var path = new List<DowntimeReason>();
        for (var node = Find(id); node is not null; node = _parents[node.Id])
        {
            path.Add(node);
        }

        path.Reverse();
        return path;
    }

    /// <summary>
    /// The reason itself or its ancestor at <paramref name="depth"/> (1 = top level), for a Pareto at a coarser level;
    /// a reason above that depth stays itself. Null for an unknown id.
    /// </summary>
    public DowntimeReason? RollUp(string id, int depth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        var path = PathTo(id);
        return path.Count == 0 ? null : path[Math.Min(depth, path.Count) - 1];
    }

    /// <summary>True when <paramref name="id"/> is <paramref name="ancestorId"/> or lies below it.</summary>
    public static bool IsWithin(string id, string ancestorId) =>
        id.Length == ancestorId.Length
            ? string.Equals(id, ancestorId, StringComparison.Ordinal)
            : id.Length > ancestorId.Length && id[ancestorId.Length] == '.' && id.StartsWith(ancestorId, StringComparison.Ordinal);

    /// <summary>
    /// The reasons operators of a machine type may pick: the named subtrees, or the whole tree when
    /// <paramref name="offered"/> is null.
    /// </summary>
    /// <exception cref="ArgumentException">An offered id is not in the tree.</exception>
    public DowntimeReasonMenu MenuFor(IReadOnlyList<string>? offered)
    {
        if (offered is not null)
        {
            foreach (var id in offered)
            {
                if (!Contains(id))
                {
                    throw new ArgumentException($"Downtime reason '{id}' is not in the plant's reason tree.", nameof(offered));
                }
            }
        }

        return new DowntimeReasonMenu(this, offered);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex SegmentPattern();
}

/// <summary>The part of the reason tree offered for one machine type (a terminal's one-tap list).</summary>
public sealed class DowntimeReasonMenu
{
    internal DowntimeReasonMenu(DowntimeReasonTree tree, IReadOnlyList<string>? offered)
    {
        Tree = tree;
        Offered = offered;
    }

    public DowntimeReasonTree Tree { get; }

    /// <summary>The ids of the offered subtrees; null when the whole tree is offered.</summary>
    public IReadOnlyList<string>? Offered { get; }

    /// <summary>True for a reason of the tree that is, or lies below, an offered reason. Any level may be picked.</summary>
    public bool Offers(string id) =>
        Tree.Contains(id) && (Offered is null || Offered.Any(o => DowntimeReasonTree.IsWithin(id, o)));

    /// <summary>
    /// The tree pruned to the offered subtrees, keeping their ancestors (not selectable themselves) so the choice keeps
    /// the plant's grouping.
    /// </summary>
    public IReadOnlyList<DowntimeReasonChoice> Choices() => Prune(Tree.Roots);

    private List<DowntimeReasonChoice> Prune(IReadOnlyList<DowntimeReason> nodes)
    {
        var result = new List<DowntimeReasonChoice>();
        foreach (var node in nodes)
        {
            if (Offers(node.Id))
            {
                result.Add(new DowntimeReasonChoice(node, Selectable: true, Prune(node.Children)));
            }
            else if (Offered!.Any(o => DowntimeReasonTree.IsWithin(o, node.Id)))
            {
                result.Add(new DowntimeReasonChoice(node, Selectable: false, Prune(node.Children)));
            }
        }

        return result;
    }
}

/// <summary>A node of a machine type's reason menu.</summary>
/// <param name="Selectable">False for an ancestor kept only to group offered reasons.</param>
public sealed record DowntimeReasonChoice(DowntimeReason Reason, bool Selectable, IReadOnlyList<DowntimeReasonChoice> Children);
