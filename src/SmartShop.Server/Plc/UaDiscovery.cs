using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SmartShop.OpcUa;
using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Services;
using StatusCodes = SmartShop.OpcUa.StatusCodes;

namespace SmartShop.Server.Plc;

/// <summary>How far <see cref="UaDiscovery.ScanAsync"/> browses.</summary>
public sealed record UaDiscoveryOptions
{
    /// <summary>Levels below the Objects folder searched for machines: 1-64, default 6.</summary>
    public int MaxDepth { get; init; } = 6;

    /// <summary>
    /// Levels below each machine found that are browsed whatever <see cref="MaxDepth"/> says (default 4), so that a
    /// machine found at the depth limit still shows its standard nodes (MachineryItemState/CurrentState/Number is 3
    /// levels down).
    /// </summary>
    public int MachineDepth { get; init; } = 4;

    /// <summary>Nodes browsed at most, machines' subtrees included: 1-1,000,000, default 20,000. Discovery stops there and says so.</summary>
    public int MaxNodes { get; init; } = 20_000;
}

/// <summary>A type (ObjectType or DataType) by its browse name: stable across servers, unlike numeric ids and namespace indexes.</summary>
public readonly record struct UaTypeName(string NamespaceUri, string Name);

/// <summary>What a variable's DataType amounts to for the MES, from its supertypes.</summary>
public enum UaValueKind
{
    Unknown,
    Boolean,

    /// <summary>Any signed or unsigned integer, or an enumeration.</summary>
    Integer,

    /// <summary>Float, Double, Duration or another non-integer number.</summary>
    Real,
    Text,
    Structure,
    Other,
}

/// <summary>
/// One node reached by the discovery browse. Nodes are shared: a machine organized both by its line folder and by
/// the Machinery <c>Machines</c> folder is one node with two parents, and a server may have reference cycles, so
/// whatever walks <see cref="Children"/> keeps a visited set.
/// </summary>
public sealed class UaDiscoveredNode(string nodeId, string browseName, NodeClass nodeClass)
{
    /// <summary>The NodeId in its stable text form: <c>nsu=&lt;uri&gt;;s=…</c> (namespace 0: <c>i=…</c>).</summary>
    public string NodeId { get; } = nodeId;

    public string BrowseName { get; } = browseName;

    public string BrowseNamespaceUri { get; init; } = string.Empty;

    public string? DisplayName { get; set; }

    public NodeClass NodeClass { get; } = nodeClass;

    /// <summary>Objects: the type definition, then its supertypes, nearest first.</summary>
    public IReadOnlyList<UaTypeName> TypeChain { get; set; } = [];

    /// <summary>Variables: the DataType's browse name (Int32, PackMLCountDataType, …).</summary>
    public string? DataTypeName { get; set; }

    public UaValueKind ValueKind { get; set; }

    /// <summary>Variables whose ValueRank allows arrays; the MES reads scalars only.</summary>
    public bool IsArray { get; set; }

    public string? Description { get; set; }

    /// <summary>The value as text, read only where discovery uses it (Identification properties).</summary>
    public string? Value { get; set; }

    /// <summary>Targets of forward hierarchical references (Organizes, HasComponent, HasProperty, HasAddIn, …).</summary>
    public List<UaDiscoveredNode> Children { get; } = [];

    public override string ToString() => $"{BrowseName} ({NodeId})";
}

/// <summary>What a browse found: the Objects folder and everything reached below it.</summary>
/// <param name="Truncated">True when <see cref="UaDiscoveryOptions.MaxNodes"/> stopped the browse.</param>
public sealed record UaDiscoveryScan(UaDiscoveredNode Objects, int NodeCount, bool Truncated);

/// <summary>Where a proposed signal comes from, best first.</summary>
public enum UaSignalSource
{
    /// <summary>
    /// A node named as the MES convention names it, directly below the machine (State, GoodCount, …, UnitMode) or in
    /// its CurrentJob object (JobOrderId, ProductCode).
    /// </summary>
    Convention,

    /// <summary>A companion-specification node (OPC 40001-1 MachineryItemState and MachineryOperationMode, PackML tags).</summary>
    Standard,

    /// <summary>A variable whose name looks like the signal (English and German PLC names).</summary>
    Guessed,
}

/// <param name="Key">The plant file's key under <c>signals:</c> (state, goodCount, …).</param>
/// <param name="Note">Data type and where it came from, for the reviewer.</param>
public sealed record UaProposedSignal(string Key, string NodeId, UaSignalSource Source, string Note);

/// <summary>One machine as <c>smartshop ua discover</c> proposes it for the plant file.</summary>
public sealed record UaProposedMachine
{
    /// <summary>Slug of the browse name, unique among the machines proposed.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string NodeId { get; init; }

    /// <summary>The folder or object above the machine (the line, usually), for grouping the output.</summary>
    public string? Parent { get; init; }

    /// <summary>Why this object is a machine: "PackML type (PackMLBaseObjectType)", "Machinery Machines folder", ….</summary>
    public required IReadOnlyList<string> FoundVia { get; init; }

    /// <summary>The proposed machine type id (a slug of Identification/ProductCode or Model), or null.</summary>
    public string? TypeId { get; init; }

    public string? TypeSource { get; init; }

    /// <summary>Manufacturer, model, serial number as the server names them; for the reviewer.</summary>
    public string? Identification { get; init; }

    /// <summary>PackML or MachineryItemState when the state signal's encoding is known; null: the type's applies.</summary>
    public string? StateModel { get; init; }

    public string? StateModelNote { get; init; }

    /// <summary>In the plant file's key order.</summary>
    public required IReadOnlyList<UaProposedSignal> Signals { get; init; }

    /// <summary>Signal keys with nothing found to propose (nor to withhold); not the mode of a custom state code, which takes none.</summary>
    public required IReadOnlyList<string> Missing { get; init; }

    /// <summary>
    /// Signals found but not proposed because it cannot be told whether they fit (a mode when the state model is not
    /// known, or of an unknown encoding): written commented out, the note saying why, for the reviewer to decide.
    /// </summary>
    public IReadOnlyList<UaProposedSignal> Withheld { get; init; } = [];

    /// <summary>Nodes found but not proposed (standard nodes, worse guesses, a mode of another state model), each with why, one line each.</summary>
    public required IReadOnlyList<string> Alternatives { get; init; }
}

/// <summary>How <see cref="UaDiscovery.RenderYaml"/> writes the fragment.</summary>
/// <param name="EndpointUrl">Written as each machine's <c>endpoint</c>.</param>
/// <param name="TypeId">Machine type for every machine (the <c>--type</c> option); null: proposed per machine.</param>
/// <param name="Indent">Spaces before every line (0-40), to paste under an indented <c>machines:</c>.</param>
public sealed record UaDiscoveryRendering(string EndpointUrl, string? TypeId = null, int Indent = 0);

/// <summary>
/// <c>smartshop ua discover</c>: finds the machines on any OPC UA server and proposes each one's plant-file entry.
/// </summary>
/// <remarks>
/// <para>Machines are objects that are one of:</para>
/// <list type="bullet">
/// <item>OPC 30050 PackML: type definition PackMLBaseObjectType or a subtype.</item>
/// <item>OPC 40001-1 Machinery: organized by Objects/Machines, or with a MachineryBuildingBlocks folder or an
/// Identification of MachineIdentificationType (or a subtype). Machinery itself defines no machine ObjectType;
/// companion specifications do (MachineToolType), and a type of that name in the chain counts too.</item>
/// <item>Plain: an object (or a structure variable with members, as S7-1500 servers show DB structures) with a
/// state-like variable and one more signal among its variables, or those of its child objects (e.g.
/// <c>Press1/Status</c> and <c>Press1/Zaehler/Gutteile</c>), or with the MES convention's GoodCount and RejectCount.
/// What is inside a machine is its signals, not more machines.</item>
/// </list>
/// <para>
/// Signals, per key: the MES convention node directly below the machine first, because it holds exactly what the
/// MES reads (one integer or double scalar in the machine's state model), then the standard node, then a guessed
/// name. The standard nodes are often not one readable scalar: OPC 30050 spreads the PackML state over three nested
/// state machines (BaseStateMachine, MachineState, ExecuteState, an inactive one reading BadStateNotActive), its
/// counts are PackMLCountDataType arrays and its stop reason a PackMLAlarmDataType structure, and Machinery's
/// OperationCycleCounter counts good and bad parts for the machine's lifetime. What is standard and one scalar is
/// used when the machine has no convention node: MachineryItemState/CurrentState/Number (stateModel
/// MachineryItemState) and the PackML tags as PLCs expose them (Status/StateCurrent, stateModel PackML;
/// Status/EquipmentStarved and EquipmentBlocked, which the MES convention uses as they are). Standard nodes found but
/// not used are listed as comments under the machine.
/// </para>
/// <para>
/// The mode is read through the state model (PackML unit mode 2 Maintenance, 3 Manual; Machinery OperationMode
/// 1 Maintenance, 2 Setup), so a mode is proposed only in the encoding of the state model proposed: the convention's
/// UnitMode and PackML's Status/UnitModeCurrent with stateModel PackML, MachineryOperationMode/CurrentState/Number with
/// the standard MachineryItemState number. Where that cannot be told (no state model, a name that does not say which
/// mode, the PLC's own state next to a Machinery OperationMode) the mode is written commented out for review.
/// </para>
/// </remarks>
public static partial class UaDiscovery
{
    public const string MachineryUri = "http://opcfoundation.org/UA/Machinery/";
    public const string PackMLUri = "http://opcfoundation.org/UA/PackML/";

    /// <summary>The plant file's signal keys, in its order (SignalMap's).</summary>
    public static IReadOnlyList<string> SignalKeys { get; } =
        [
            "state", "goodCount", "rejectCount", "stopReason", "cycleTime", "energyKwh", "jobStart", "jobStop", "mode", "jobId",
            "product", "starved", "blocked", "jobControl",
        ];

    // The MES convention node per key (deploy/plants/demo.yaml, plc-sim) below the machine: the key in PascalCase,
    // except for these.
    private static readonly Dictionary<string, string[]> ConventionPaths = new(StringComparer.Ordinal)
    {
        ["mode"] = ["UnitMode"],
        ["jobId"] = ["CurrentJob", "JobOrderId"],
        ["product"] = ["CurrentJob", "ProductCode"],
    };

    // Normalized mode names that say whose mode they are; other mode names (mode, betriebsart, ...) do not.
    private static readonly string[] PackMLModeNames = ["unitmode", "unitmodecurrent", "currentunitmode", "packmlunitmode"];
    private static readonly string[] MachineryModeNames =
        ["operationmode", "machineryoperationmode", "currentoperationmode", "operationmodecurrent"];

    // Normalized names (see Normalize) per key, best first: English and German PLC tag names, PackTags names.
    private static readonly Dictionary<string, string[]> NamePatterns = new(StringComparer.Ordinal)
    {
        ["state"] =
        [
            "state", "machinestate", "machstate", "statecurrent", "currentstate", "status", "machinestatus", "statusword",
            "operatingstate", "opstate", "runstate", "zustand", "maschinenzustand", "anlagenzustand", "betriebszustand",
            "maschinenstatus", "anlagenstatus", "statuswort",
        ],
        ["goodCount"] =
        [
            "goodcount", "goodparts", "partsgood", "goodpieces", "piecesgood", "goodunits", "countgood", "good",
            "okcount", "okparts", "partsok", "producedgood", "gutteile", "gutteil", "gutstueck", "gutstuecke", "gutzaehler",
            "gutmenge", "iocount", "ioteile", "teileio",
        ],
        ["rejectCount"] =
        [
            "rejectcount", "rejects", "reject", "rejectparts", "rejectedparts", "partsrejected", "partsreject", "badcount",
            "badparts", "partsbad", "scrapcount", "scrapparts", "scrap", "nokcount", "nokparts", "partsnok",
            "defectivecount", "defectcount", "defective", "proddefectivecount", "ausschuss", "ausschussteile",
            "ausschusszaehler", "ausschussmenge", "niocount", "nioteile", "teilenio",
        ],
        ["stopReason"] =
        [
            "stopreason", "stopreasoncode", "stopcode", "downtimereason", "reasoncode", "faultcode", "alarmcode",
            "errorcode", "stoergrund", "stoerungsgrund", "stillstandsgrund", "stillstandgrund", "stoercode",
            "stoerungsnummer", "fehlercode", "fehlernummer",
        ],
        ["cycleTime"] =
        [
            "cycletime", "lastcycletime", "actualcycletime", "cycletimeactual", "cycletimes", "cycletimesec", "cycletimems",
            "taktzeit", "isttaktzeit", "letztetaktzeit", "taktzeitms", "zykluszeit", "istzykluszeit",
        ],
        ["energyKwh"] =
        [
            "energykwh", "energy", "energyconsumption", "energytotal", "totalenergy", "activeenergy", "energycounter", "kwh",
            "energiekwh", "energie", "energieverbrauch", "wirkenergie", "energiezaehler",
        ],
        ["jobStart"] = ["jobstart", "startjob", "startorder", "orderstart", "startauftrag", "auftragstart", "auftragstarten"],
        ["jobStop"] =
        [
            "jobstop", "stopjob", "endjob", "jobend", "stoporder", "orderstop", "endorder", "orderend", "auftragende",
            "auftragbeenden", "auftragstop",
        ],
        ["mode"] =
        [
            "unitmode", "unitmodecurrent", "currentunitmode", "packmlunitmode", "operationmode", "machineryoperationmode",
            "currentoperationmode", "operationmodecurrent", "mode", "machinemode", "betriebsart", "betriebsmodus",
            "maschinenmodus", "modus",
        ],
        ["jobId"] =
        [
            "joborderid", "jobid", "orderid", "jobnumber", "ordernumber", "orderno", "workorderid", "workorder",
            "productionorder", "currentjob", "currentorder", "joborder", "job", "order", "auftragsnummer", "auftragsnr",
            "auftragnr", "fertigungsauftrag", "produktionsauftrag", "auftrag",
        ],
        ["product"] =
        [
            "productcode", "productid", "product", "productnumber", "productname", "materialdefinitionid", "materialid",
            "materialnumber", "partnumber", "partno", "articlenumber", "article", "artikelnummer", "artikelnr", "artikel",
            "materialnummer", "sachnummer", "teilenummer", "produktcode", "produkt", "material",
        ],
        ["starved"] =
        [
            "starved", "equipmentstarved", "isstarved", "machinestarved", "starvation", "waitingformaterial",
            "waitingforparts", "nomaterial", "materialmissing", "infeedempty", "materialmangel", "teilemangel",
            "wartetaufmaterial", "wartetaufteile", "zufuhrleer", "mangel",
        ],
        ["blocked"] =
        [
            "blocked", "equipmentblocked", "isblocked", "machineblocked", "outfeedfull", "outfeedblocked", "outputblocked",
            "downstreamblocked", "blockiert", "stau", "rueckstau", "ausgangblockiert", "ausgangvoll", "abfuhrvoll",
            "wartetaufabnahme",
        ],
        // ISA-95 job control is an object (found as Machinery Jobs' JobManagement/JobOrderControl), never guessed from a name.
        ["jobControl"] = ["jobordercontrol"],
    };

    // ---------------------------------------------------------------------------------------------------------
    // Classification (pure): a browsed graph in, machines and their proposed signal maps out.
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>Finds the machines below <paramref name="objects"/> and proposes a signal map for each.</summary>
    public static IReadOnlyList<UaProposedMachine> Classify(UaDiscoveredNode objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var order = PreOrder(objects);
        var parents = new Dictionary<UaDiscoveredNode, List<UaDiscoveredNode>>(ReferenceEqualityComparer.Instance);
        foreach (var node in order)
        {
            foreach (var child in Unique(node.Children))
            {
                if (!parents.TryGetValue(child, out var list))
                {
                    parents[child] = list = [];
                }

                list.Add(node);
            }
        }

        // The line (or whatever folder the plant organizes machines in) rather than Machinery's Machines folder.
        UaDiscoveredNode? ParentOf(UaDiscoveredNode node) =>
            parents.TryGetValue(node, out var list) ? list.FirstOrDefault(p => !IsMachinesFolder(p)) ?? list[0] : null;

        var ids = new HashSet<string>(StringComparer.Ordinal);
        return [.. FindMachines(objects).Select(m => Propose(m.Node, m.FoundVia, ParentOf(m.Node), ids))];
    }

    /// <summary>The machine objects below <paramref name="objects"/>, in browse order, each with why it is one.</summary>
    internal static List<(UaDiscoveredNode Node, IReadOnlyList<string> FoundVia)> FindMachines(UaDiscoveredNode objects)
    {
        var order = PreOrder(objects);
        var typed = new Dictionary<UaDiscoveredNode, List<string>>(ReferenceEqualityComparer.Instance);
        foreach (var node in order)
        {
            if (node != objects && TypedEvidence(node) is { Count: > 0 } evidence)
            {
                EvidenceOf(typed, node).AddRange(evidence);
            }

            if (IsMachinesFolder(node))
            {
                foreach (var child in node.Children)
                {
                    if (child.NodeClass == NodeClass.Object && !IsFolder(child) && !IsComponent(child))
                    {
                        EvidenceOf(typed, child).Insert(0, "Machinery Machines folder");
                    }
                }
            }
        }

        // Whatever is inside a typed machine is its signals; plain heuristics do not look there. The walk stops at
        // the root and at other machines, so a reference from a machine back up (to its line, say) hides nothing.
        var inside = new HashSet<UaDiscoveredNode>(ReferenceEqualityComparer.Instance);
        foreach (var machine in typed.Keys)
        {
            var stack = new Stack<UaDiscoveredNode>(machine.Children);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (node != objects && !typed.ContainsKey(node) && inside.Add(node))
                {
                    node.Children.ForEach(stack.Push);
                }
            }
        }

        var plain = new List<UaDiscoveredNode>();
        var visited = new HashSet<UaDiscoveredNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<UaDiscoveredNode>();
        pending.Push(objects);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!visited.Add(node) || inside.Contains(node) || typed.ContainsKey(node))
            {
                continue;
            }

            if (node != objects && IsGroup(node) && QualifiesAsPlainMachine(node))
            {
                plain.Add(node);
                continue;
            }

            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                pending.Push(node.Children[i]);
            }
        }

        var rank = new Dictionary<UaDiscoveredNode, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < order.Count; i++)
        {
            rank[order[i]] = i;
        }

        return
        [
            .. typed.Select(t => (t.Key, (IReadOnlyList<string>)t.Value))
                .Concat(plain.Select(p => (p, (IReadOnlyList<string>)["variable names (plain object)"])))
                .OrderBy(m => rank[m.Item1]),
        ];
    }

    private static List<string> EvidenceOf(Dictionary<UaDiscoveredNode, List<string>> typed, UaDiscoveredNode node)
    {
        if (!typed.TryGetValue(node, out var list))
        {
            typed[node] = list = [];
        }

        return list;
    }

    /// <summary>Every node reachable from <paramref name="root"/>, once each, depth first in browse order.</summary>
    private static List<UaDiscoveredNode> PreOrder(UaDiscoveredNode root)
    {
        var order = new List<UaDiscoveredNode>();
        var visited = new HashSet<UaDiscoveredNode>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<UaDiscoveredNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!visited.Add(node))
            {
                continue;
            }

            order.Add(node);
            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                stack.Push(node.Children[i]);
            }
        }

        return order;
    }

    private static List<string> TypedEvidence(UaDiscoveredNode node)
    {
        var evidence = new List<string>();
        // MachineryBuildingBlocks holds the machine's add-ins (its Identification too) but is not the machine.
        if (node.NodeClass != NodeClass.Object || (node.BrowseName == "MachineryBuildingBlocks" && node.BrowseNamespaceUri == MachineryUri))
        {
            return evidence;
        }

        if (node.TypeChain.Count > 0
            && node.TypeChain.Any(t => t.Name == "PackMLBaseObjectType" && t.NamespaceUri == PackMLUri))
        {
            var own = node.TypeChain[0].Name;
            evidence.Add(own == "PackMLBaseObjectType" ? "PackML type (PackMLBaseObjectType)" : $"PackML type ({own}, a PackMLBaseObjectType)");
        }

        if (node.TypeChain.FirstOrDefault(t => t.Name is "MachineType" or "MachineToolType") is { Name: not null } machineType)
        {
            evidence.Add($"machine type ({machineType.Name})");
        }

        if (IsComponent(node))
        {
            return evidence;
        }

        if (Child(node, "MachineryBuildingBlocks", MachineryUri) is not null)
        {
            evidence.Add("Machinery building blocks");
        }

        if (Child(node, "Identification") is { } identification
            && identification.TypeChain.Any(t => t.Name == "MachineIdentificationType" && t.NamespaceUri == MachineryUri))
        {
            evidence.Add("Machinery identification (MachineIdentificationType)");
        }

        return evidence;
    }

    /// <summary>A Machinery component (a machine's part, with its own building blocks): not a machine of its own.</summary>
    private static bool IsComponent(UaDiscoveredNode node) =>
        Child(node, "Identification") is { } identification
        && identification.TypeChain.Any(t => t.Name == "MachineryComponentIdentificationType" && t.NamespaceUri == MachineryUri);

    private static bool IsMachinesFolder(UaDiscoveredNode node) =>
        node.NodeClass == NodeClass.Object && node.BrowseName == "Machines" && node.BrowseNamespaceUri == MachineryUri;

    private static bool IsFolder(UaDiscoveredNode node) =>
        node.TypeChain.Count > 0 && node.TypeChain[0] is { Name: "FolderType", NamespaceUri: NamespaceTable.OpcUaNamespaceUri };

    /// <summary>
    /// A plain object is a machine when its own variables, or those of child objects that are not machines on their
    /// own, hold a state-like signal and one more, or the convention's GoodCount and RejectCount.
    /// </summary>
    private static bool QualifiesAsPlainMachine(UaDiscoveredNode node) =>
        QualifiesOnItsOwn(Candidates(node, includeChildObjects: true));

    /// <summary>
    /// Something that holds signals rather than being one: an object, or a structure variable with members (S7-1500
    /// servers show a DB's UDT instance as a variable of the UDT type whose members are child variables).
    /// </summary>
    private static bool IsGroup(UaDiscoveredNode node) =>
        node.NodeClass == NodeClass.Object
        || (node.NodeClass == NodeClass.Variable && node.Children.Count > 0
            && node.ValueKind is UaValueKind.Structure or UaValueKind.Other or UaValueKind.Unknown);

    private static bool QualifiesOnItsOwn(Dictionary<string, Candidate> found)
    {
        var others = found.Keys.Count(k => k is "goodCount" or "rejectCount" or "stopReason" or "cycleTime" or "energyKwh");
        return (found.ContainsKey("state") && others >= 1)
            || (found.TryGetValue("goodCount", out var good) && good.Source == UaSignalSource.Convention
                && found.TryGetValue("rejectCount", out var reject) && reject.Source == UaSignalSource.Convention);
    }

    /// <param name="StateModel">A state's encoding (PackML, MachineryItemState) or the state model a mode belongs to; null: not known.</param>
    /// <param name="Listing">How to list a standard node that is not used.</param>
    private sealed record Candidate(UaDiscoveredNode Node, UaSignalSource Source, int Rank, string Note, string? StateModel = null, string? Listing = null);

    /// <summary>
    /// The best node per signal key among the object's own variables and methods and, with
    /// <paramref name="includeChildObjects"/>, those of child objects that do not qualify as machines on their own.
    /// </summary>
    /// <param name="modes">Gets every mode candidate, not just the best: which one is used depends on the state model.</param>
    private static Dictionary<string, Candidate> Candidates(UaDiscoveredNode machine, bool includeChildObjects, List<Candidate>? modes = null)
    {
        var found = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        void Offer(string key, Candidate candidate)
        {
            if (key == "mode")
            {
                modes?.Add(candidate);
            }

            if (!found.TryGetValue(key, out var best) || candidate.Rank < best.Rank)
            {
                found[key] = candidate;
            }
        }

        foreach (var key in SignalKeys)
        {
            if (ConventionNode(machine, key) is { } node)
            {
                var what = node.NodeClass == NodeClass.Method ? "method" : DataTypeText(node);
                Offer(key, new Candidate(node, UaSignalSource.Convention, 0, $"{what}, MES convention node", key == "mode" ? ModeModelOf(node) : null));
            }
        }

        foreach (var child in Unique(machine.Children))
        {
            OfferNamed(child, prefix: null, rankBase: 0);
        }

        if (includeChildObjects)
        {
            // An Identification's ProductCode and Model name the machine's own type, not the product it makes.
            foreach (var group in Unique(machine.Children).Where(c => c != machine && IsGroup(c) && !IsIdentification(c)))
            {
                var own = Candidates(group, includeChildObjects: false);
                if (QualifiesOnItsOwn(own))
                {
                    continue;
                }

                foreach (var member in Unique(group.Children))
                {
                    OfferNamed(member, prefix: group.BrowseName + "/", rankBase: 100);
                }
            }
        }

        return found;

        void OfferNamed(UaDiscoveredNode node, string? prefix, int rankBase)
        {
            foreach (var key in SignalKeys)
            {
                var index = PatternIndex(key, node.BrowseName);
                if (index == int.MaxValue || !FitsKey(key, node))
                {
                    continue;
                }

                var what = node.NodeClass == NodeClass.Method ? "method" : DataTypeText(node);
                var note = $"{what}, guessed from the name '{prefix}{node.BrowseName}'{UnitHint(key, node.BrowseName)}";
                Offer(key, new Candidate(node, UaSignalSource.Guessed, 1000 + rankBase + index, note, key == "mode" ? ModeModelOf(node) : null));
            }
        }
    }

    /// <summary>The MES convention's node for the key below the machine, when there is one the MES can read.</summary>
    private static UaDiscoveredNode? ConventionNode(UaDiscoveredNode machine, string key)
    {
        var path = ConventionPaths.TryGetValue(key, out var names) ? names : [char.ToUpperInvariant(key[0]) + key[1..]];
        var parent = machine;
        foreach (var name in path[..^1])
        {
            parent = parent.Children.FirstOrDefault(c => c.BrowseName == name && IsGroup(c));
            if (parent is null)
            {
                return null;
            }
        }

        return parent.Children.FirstOrDefault(c => c.BrowseName == path[^1] && FitsKey(key, c));
    }

    /// <summary>Methods for jobStart and jobStop, variables the MES can read for the other keys.</summary>
    private static bool FitsKey(string key, UaDiscoveredNode node)
    {
        var isMethodKey = key is "jobStart" or "jobStop";
        return isMethodKey ? node.NodeClass == NodeClass.Method : node.NodeClass == NodeClass.Variable && Usable(key, node);
    }

    /// <summary>
    /// Whose mode a mode node holds, PackML's unit mode or Machinery's OperationMode, from its description, else from
    /// its name; null when neither says (Mode, Betriebsart: a vendor's encoding, often Auto/Manual/Setup).
    /// </summary>
    private static string? ModeModelOf(UaDiscoveredNode node)
    {
        if (node.Description is { } description)
        {
            if (description.Contains("PackML", StringComparison.OrdinalIgnoreCase))
            {
                return "PackML";
            }

            if (description.Contains("Machinery", StringComparison.OrdinalIgnoreCase))
            {
                return "MachineryItemState";
            }
        }

        var names = NameForms(node.BrowseName).ToList();
        return names.Any(n => PackMLModeNames.Contains(n)) ? "PackML"
            : names.Any(n => MachineryModeNames.Contains(n)) ? "MachineryItemState"
            : null;
    }

    private static string ModeName(string stateModel) => stateModel == "PackML" ? "PackML unit mode" : "Machinery OperationMode";

    /// <summary>What a mode means in the state model's encoding, for notes.</summary>
    private static string ModeEncoding(string stateModel) => stateModel == "PackML"
        ? "PackML unit mode (1 Production, 2 Maintenance, 3 Manual)"
        : "Machinery OperationMode (1 Maintenance, 2 Setup, 3 Processing)";

    [GeneratedRegex(@"\bcustom\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CustomWord();

    /// <summary>A Machinery or DI identification (OPC 40001-1, OPC 10000-100): the machine's maker and type, not its signals.</summary>
    private static bool IsIdentification(UaDiscoveredNode node) =>
        node.BrowseName == "Identification"
        || node.TypeChain.Any(t => t.Name is { } name && name.EndsWith("IdentificationType", StringComparison.Ordinal));

    private static IEnumerable<UaDiscoveredNode> Unique(List<UaDiscoveredNode> nodes) =>
        nodes.Distinct(ReferenceEqualityComparer.Instance).Cast<UaDiscoveredNode>();

    private static string UnitHint(string key, string browseName)
    {
        var name = Normalize(browseName);
        return key switch
        {
            "energyKwh" when !name.Contains("kwh", StringComparison.Ordinal) => "; unit not known, the MES expects kWh",
            "cycleTime" when name.EndsWith("ms", StringComparison.Ordinal) => "; looks like ms, the MES expects seconds",
            "cycleTime" => "; the MES expects seconds",
            _ => string.Empty,
        };
    }

    /// <summary>Scalars of a kind the MES can read for the key (unknown data types pass, with their note).</summary>
    private static bool Usable(string key, UaDiscoveredNode node)
    {
        if (node.NodeClass == NodeClass.Method)
        {
            return true;
        }

        if (node.IsArray)
        {
            return false;
        }

        return key switch
        {
            "cycleTime" or "energyKwh" => node.ValueKind is UaValueKind.Integer or UaValueKind.Real or UaValueKind.Unknown,

            // The connector reads a number as no job: an order number kept as a DINT is not usable as it is.
            "jobId" or "product" => node.ValueKind is UaValueKind.Text or UaValueKind.Unknown,

            // A number named Starved may be a time or a count; the flags are Booleans.
            "starved" or "blocked" => node.ValueKind is UaValueKind.Boolean or UaValueKind.Unknown,
            _ => node.ValueKind is UaValueKind.Integer or UaValueKind.Unknown,
        };
    }

    private static int PatternIndex(string key, string browseName)
    {
        var patterns = NamePatterns[key];
        foreach (var name in NameForms(browseName))
        {
            var index = Array.IndexOf(patterns, name);
            if (index >= 0)
            {
                return index;
            }
        }

        return int.MaxValue;
    }

    /// <summary>The normalized name, and the same without a PLC type prefix (nState, udiPartsGood, rCycleTime).</summary>
    private static IEnumerable<string> NameForms(string browseName)
    {
        yield return Normalize(browseName);
        var match = TypePrefix().Match(browseName);
        if (match.Success)
        {
            yield return Normalize(browseName[match.Length..]);
        }
    }

    [GeneratedRegex("^(?:udi|ui|di|dw|lr|st|b|n|i|u|w|r|x|s)(?=[A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex TypePrefix();

    /// <summary>Lower case, German umlauts spelled out, letters and digits only: "Gut_Teile" and "GUTTEILE" match "gutteile".</summary>
    public static string Normalize(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            switch (c)
            {
                case 'ä': text.Append("ae"); break;
                case 'ö': text.Append("oe"); break;
                case 'ü': text.Append("ue"); break;
                case 'ß': text.Append("ss"); break;
                case >= 'a' and <= 'z' or >= '0' and <= '9': text.Append(c); break;
            }
        }

        return text.ToString();
    }

    private static UaDiscoveredNode? Child(UaDiscoveredNode node, string browseName, string? namespaceUri = null) =>
        node.Children.FirstOrDefault(c => c.BrowseName == browseName && (namespaceUri is null || c.BrowseNamespaceUri == namespaceUri));

    private static UaDiscoveredNode? Path(UaDiscoveredNode node, params string[] browseNames)
    {
        var current = node;
        foreach (var name in browseNames)
        {
            current = Child(current, name);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>A Machinery add-in directly below the machine or in its MachineryBuildingBlocks folder.</summary>
    private static UaDiscoveredNode? AddIn(UaDiscoveredNode machine, string browseName) =>
        Child(machine, browseName) ?? (Child(machine, "MachineryBuildingBlocks") is { } blocks ? Child(blocks, browseName) : null);

    private static UaProposedMachine Propose(
        UaDiscoveredNode node, IReadOnlyList<string> foundVia, UaDiscoveredNode? parent, HashSet<string> ids)
    {
        var modes = new List<Candidate>();
        var found = Candidates(node, includeChildObjects: true, modes);
        found.Remove("mode");
        var alternatives = new List<string>();

        // Standard nodes: used when the machine has no convention node for the key, listed otherwise.
        var itemState = AddIn(node, "MachineryItemState") is { } sm ? Path(sm, "CurrentState", "Number") : null;
        if (itemState is not null && Usable("state", itemState))
        {
            Consider("state", new Candidate(itemState, UaSignalSource.Standard, 20,
                $"{DataTypeText(itemState)}, MachineryItemState/CurrentState/Number (OPC 40001-1)", "MachineryItemState",
                $"MachineryItemState number: {itemState.NodeId} ({DataTypeText(itemState)}; stateModel MachineryItemState)"));
        }

        var stateCurrent = Path(node, "Status", "StateCurrent");
        if (stateCurrent is not null && Usable("state", stateCurrent))
        {
            Consider("state", new Candidate(stateCurrent, UaSignalSource.Standard, 10,
                $"{DataTypeText(stateCurrent)}, PackML tag Status/StateCurrent", "PackML",
                $"PackML tag Status/StateCurrent: {stateCurrent.NodeId} ({DataTypeText(stateCurrent)}; stateModel PackML)"));
        }

        // PLCs that expose the PackML tags as plain scalars (PackTags) rather than OPC 30050 structures.
        var defective = Path(node, "Admin", "ProdDefectiveCount") is { } d && Usable("rejectCount", d) ? d : null;
        if (defective is not null)
        {
            Consider("rejectCount", new Candidate(defective, UaSignalSource.Standard, 10,
                $"{DataTypeText(defective)}, PackML tag Admin/ProdDefectiveCount; check that it is cumulative", Listing:
                $"PackML tag Admin/ProdDefectiveCount: {defective.NodeId} ({DataTypeText(defective)})"));
        }

        var stopReasonTag = Path(node, "Admin", "StopReason") is { } reason
            && (Child(reason, "ID") ?? Child(reason, "Value")) is { } member && Usable("stopReason", member) ? member : null;
        if (stopReasonTag is not null)
        {
            Consider("stopReason", new Candidate(stopReasonTag, UaSignalSource.Standard, 10,
                $"{DataTypeText(stopReasonTag)}, PackML tag Admin/StopReason/{stopReasonTag.BrowseName}", Listing:
                $"PackML tag Admin/StopReason/{stopReasonTag.BrowseName}: {stopReasonTag.NodeId} ({DataTypeText(stopReasonTag)})"));
        }

        // PackML's flags, which the MES convention takes as they are (plc-sim serves them on every machine).
        foreach (var (key, name) in new[] { ("starved", "EquipmentStarved"), ("blocked", "EquipmentBlocked") })
        {
            if (Path(node, "Status", name) is not { } flag)
            {
                continue;
            }

            if (Usable(key, flag))
            {
                Consider(key, new Candidate(flag, UaSignalSource.Standard, 10, $"{DataTypeText(flag)}, PackML tag Status/{name}", Listing:
                    $"PackML tag Status/{name}: {flag.NodeId} ({DataTypeText(flag)})"));
            }
            else
            {
                alternatives.Add($"PackML tag Status/{name}: {flag.NodeId} ({DataTypeText(flag)}{(flag.IsArray ? "[]" : string.Empty)}; not one Boolean)");
            }
        }

        if (Path(node, "BaseStateMachine", "CurrentState") is { } packmlState)
        {
            alternatives.Add($"PackML state: {packmlState.NodeId} (with MachineState/CurrentState and MachineState/ExecuteState/CurrentState: three nodes)");
        }

        // The mode, once the state's model is known: the standard ones join the convention's and the guessed ones.
        var (stateModel, stateModelNote) = StateModelOf(found.GetValueOrDefault("state"));
        if (Path(node, "Status", "UnitModeCurrent") is { } unitMode)
        {
            if (Usable("mode", unitMode))
            {
                modes.Add(new Candidate(unitMode, UaSignalSource.Standard, 10,
                    $"{DataTypeText(unitMode)}, PackML tag Status/UnitModeCurrent", "PackML",
                    $"PackML tag Status/UnitModeCurrent: {unitMode.NodeId} ({DataTypeText(unitMode)}; mode for stateModel PackML)"));
            }
            else
            {
                alternatives.Add($"PackML unit mode: {unitMode.NodeId} ({DataTypeText(unitMode)}{(unitMode.IsArray ? "[]" : string.Empty)}; not one integer)");
            }
        }

        var operationMode = AddIn(node, "MachineryOperationMode") is { } om ? Path(om, "CurrentState", "Number") : null;
        if (operationMode is not null && Usable("mode", operationMode))
        {
            modes.Add(new Candidate(operationMode, UaSignalSource.Standard, 20,
                $"{DataTypeText(operationMode)}, MachineryOperationMode/CurrentState/Number (OPC 40001-1)", "MachineryItemState",
                $"Machinery OperationMode number: {operationMode.NodeId} ({DataTypeText(operationMode)}; mode for stateModel MachineryItemState)"));
        }

        // StateMapper reads no mode with a custom state table: the PLC's own codes say setup and planned down.
        var state = found.GetValueOrDefault("state");
        var custom = stateModel is null && state?.Node.Description is { } description && CustomWord().IsMatch(description);
        var withheld = new List<UaProposedSignal>();
        var (usedMode, withheldMode, unusedModes) = ChooseMode(modes, state, stateModel, custom);
        if (usedMode is not null)
        {
            found["mode"] = usedMode;
        }

        if (withheldMode is not null)
        {
            withheld.Add(new UaProposedSignal("mode", withheldMode.Node.NodeId, withheldMode.Source, withheldMode.Note));
        }

        alternatives.AddRange(unusedModes);

        foreach (var name in new[] { "ProdProcessedCount", "ProdDefectiveCount" })
        {
            if (Path(node, "Admin", name) is { } count && count != defective)
            {
                alternatives.Add($"PackML {name}: {count.NodeId} ({DataTypeText(count)}{(count.IsArray ? "[]" : string.Empty)}" +
                    (name == "ProdProcessedCount" ? ", good + defective parts)" : ")"));
            }
        }

        if (Path(node, "Admin", "StopReason") is { } alarm && stopReasonTag is null)
        {
            alternatives.Add($"PackML stop reason: {alarm.NodeId} ({DataTypeText(alarm)})");
        }

        if (AddIn(node, "OperationCounters") is { } counters && Child(counters, "OperationCycleCounter") is { } cycles)
        {
            alternatives.Add($"Machinery OperationCycleCounter: {cycles.NodeId} ({DataTypeText(cycles)}, good + rejected parts, lifetime)");
        }

        if (AddIn(node, "JobManagement") is { } jobs && Child(jobs, "JobOrderControl") is { } control)
        {
            Consider("jobControl", new Candidate(control, UaSignalSource.Standard, 10,
                "object, Machinery Jobs JobManagement/JobOrderControl (ISA-95 job control: work orders are downloaded and run through it)"));
        }

        var signals = new List<UaProposedSignal>();
        var missing = new List<string>();
        foreach (var key in SignalKeys)
        {
            if (found.TryGetValue(key, out var candidate))
            {
                signals.Add(new UaProposedSignal(key, candidate.Node.NodeId, candidate.Source, candidate.Note));
            }
            else if (!withheld.Any(w => w.Key == key) && !(key == "mode" && custom))
            {
                missing.Add(key);
            }
        }

        var identification = AddIn(node, "Identification");
        var (typeId, typeSource) = TypeOf(identification);

        return new UaProposedMachine
        {
            Id = UniqueId(Slug(node.BrowseName), ids),
            Name = string.IsNullOrWhiteSpace(node.DisplayName) ? node.BrowseName : node.DisplayName,
            NodeId = node.NodeId,
            Parent = parent is null ? null : Label(parent),
            FoundVia = foundVia,
            TypeId = typeId,
            TypeSource = typeSource,
            Identification = IdentificationText(identification),
            StateModel = stateModel,
            StateModelNote = stateModelNote,
            Signals = signals,
            Missing = missing,
            Withheld = withheld,
            Alternatives = alternatives,
        };

        // A standard node replaces a guessed one (and a worse standard one); next to a convention node it is listed.
        void Consider(string key, Candidate candidate)
        {
            if (found.TryGetValue(key, out var current) && current.Node == candidate.Node)
            {
                found[key] = candidate;
                return;
            }

            var (used, unused) = current is not null && current.Rank <= candidate.Rank ? (current, candidate) : (candidate, current);
            found[key] = used;
            if (unused is not null)
            {
                alternatives.Add(unused.Listing ?? $"guessed {key} not used: {unused.Node.NodeId} ({unused.Note})");
            }
        }
    }

    /// <summary>
    /// The mode to propose among <paramref name="modes"/>: the best one of the state model's encoding. A mode whose fit
    /// cannot be told is withheld (its note says why); the others are listed, with why not.
    /// </summary>
    /// <param name="custom">The state's description says it is a custom code: no mode applies.</param>
    private static (Candidate? Used, Candidate? Withheld, List<string> Unused) ChooseMode(
        List<Candidate> modes, Candidate? state, string? stateModel, bool custom)
    {
        // One node may be offered twice (Status/UnitModeCurrent is also a guess): its best offer counts.
        var ordered = modes
            .GroupBy(c => c.Node, ReferenceEqualityComparer.Instance)
            .Select(g => g.MinBy(c => c.Rank)!)
            .OrderBy(c => c.Rank)
            .ToList();
        Candidate? used = null;
        Candidate? withheld = null;
        if (stateModel is null)
        {
            // PackML and Machinery modes mean different things, and the machine type's model is not known here.
            if (!custom && ordered.FirstOrDefault() is { } best)
            {
                withheld = best with
                {
                    Note = best.StateModel is { } model
                        ? $"{best.Note}; TODO review: a {ModeEncoding(model)}: map it only if the machine type's stateModel is {model}"
                        : $"{best.Note}; TODO review: neither the state model nor this mode's encoding is known",
                };
            }
        }
        else if (ordered.FirstOrDefault(c => c.StateModel == stateModel) is { } fitting)
        {
            // OPC 40001-1 lets an MES or an operator set the OperationMode; a PLC's own MachineryItemState-like state
            // may show maintenance and setup already (plc-sim's shows them as OutOfService).
            if (fitting.Source == UaSignalSource.Standard && stateModel == "MachineryItemState" && state?.Source != UaSignalSource.Standard)
            {
                withheld = fitting with
                {
                    Note = $"{fitting.Note}; TODO review: map it only if the PLC's own state does not show maintenance and setup already",
                };
            }
            else
            {
                used = fitting.Source == UaSignalSource.Guessed
                    ? fitting with { Note = $"{fitting.Note}; the MES expects a {ModeEncoding(stateModel)}" }
                    : fitting;
            }
        }
        else if (ordered.FirstOrDefault(c => c.StateModel is null) is { } unknown)
        {
            withheld = unknown with { Note = $"{unknown.Note}; TODO review: its encoding is not known: map it only if it is a {ModeEncoding(stateModel)}" };
        }

        var unused = new List<string>();
        foreach (var candidate in ordered)
        {
            if (candidate.Node == used?.Node || candidate.Node == withheld?.Node)
            {
                continue;
            }

            var what = $"mode not used: {candidate.Node.NodeId} ({candidate.Note})";
            unused.Add(custom ? $"{what}: the state is a custom code (stateModel Custom reads no mode)"
                : stateModel is not null && candidate.StateModel is { } model && model != stateModel
                    ? $"{what}: a {ModeName(model)}; stateModel {stateModel} reads a {ModeName(stateModel)}"
                    : candidate.Listing ?? what);
        }

        return (used, withheld, unused);
    }

    private static (string? Model, string? Note) StateModelOf(Candidate? state)
    {
        if (state is null)
        {
            return (null, null);
        }

        if (state.StateModel is { } standard)
        {
            return (standard, $"the state signal is the standard {standard} number");
        }

        var description = state.Node.Description is { Length: > 0 } d ? $" (\"{Clip(d, 90)}\")" : string.Empty;
        if (state.Node.Description is { } text)
        {
            if (text.Contains("MachineryItemState", StringComparison.OrdinalIgnoreCase))
            {
                return ("MachineryItemState", $"guessed from the state node's description{description}");
            }

            if (text.Contains("PackML", StringComparison.OrdinalIgnoreCase))
            {
                return ("PackML", $"guessed from the state node's description{description}");
            }
        }

        return (null, $"not known from the server, so the machine type's applies; the state node's description{(description.Length > 0 ? description : " is empty")}.");
    }

    private static (string? TypeId, string? Source) TypeOf(UaDiscoveredNode? identification)
    {
        foreach (var property in new[] { "ProductCode", "Model" })
        {
            if (identification is not null && Child(identification, property)?.Value is { Length: > 0 } value
                && Slug(value) is { } slug && slug != "machine")
            {
                return (slug, $"Identification/{property} '{Clip(value, 60)}'");
            }
        }

        return (null, null);
    }

    private static string? IdentificationText(UaDiscoveredNode? identification)
    {
        if (identification is null)
        {
            return null;
        }

        var parts = new[] { "Manufacturer", "Model", "SerialNumber", "ProductCode" }
            .Select(name => Child(identification, name)?.Value is { Length: > 0 } value ? $"{name} '{Clip(value, 60)}'" : null)
            .OfType<string>()
            .ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static string Label(UaDiscoveredNode node) =>
        string.IsNullOrWhiteSpace(node.DisplayName) || node.DisplayName == node.BrowseName
            ? node.BrowseName
            : $"{node.BrowseName} ({node.DisplayName})";

    private static string DataTypeText(UaDiscoveredNode node) => node.DataTypeName ?? "data type unknown";

    /// <summary>A plant-file id from a browse name: lower case, '-' for anything else than letters, digits, '-', '_', '.'.</summary>
    public static string Slug(string name)
    {
        var text = new StringBuilder();
        foreach (var c in FoldToAscii(name))
        {
            var keep = c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '.' or '-';
            if (keep)
            {
                text.Append(c);
            }
            else if (text.Length > 0 && text[^1] != '-')
            {
                text.Append('-');
            }
        }

        var slug = text.ToString().Trim('-', '.', '_');
        if (slug.Length > 56)
        {
            slug = slug[..56].TrimEnd('-', '.', '_');
        }

        return slug.Length == 0 ? "machine" : slug;
    }

    private static string FoldToAscii(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKC).ToLowerInvariant())
        {
            switch (c)
            {
                case 'ä': text.Append("ae"); break;
                case 'ö': text.Append("oe"); break;
                case 'ü': text.Append("ue"); break;
                case 'ß': text.Append("ss"); break;
                default:
                    // Other accented letters lose their accent (é → e); other scripts become separators.
                    var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
                    text.Append(decomposed[0] < 128 ? decomposed[0] : ' ');
                    break;
            }
        }

        return text.ToString();
    }

    private static string UniqueId(string slug, HashSet<string> ids)
    {
        var id = slug;
        for (var n = 2; !ids.Add(id); n++)
        {
            id = $"{slug}-{n.ToString(CultureInfo.InvariantCulture)}";
        }

        return id;
    }

    private static string Clip(string text, int length)
    {
        var line = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length <= length ? line : line[..(length - 1)] + "…";
    }

    /// <summary>The value kind a DataType's supertype chain (own type first) amounts to.</summary>
    public static UaValueKind ValueKindOf(IReadOnlyList<UaTypeName> dataTypeChain)
    {
        foreach (var type in dataTypeChain)
        {
            if (type.NamespaceUri != NamespaceTable.OpcUaNamespaceUri)
            {
                continue;
            }

            switch (type.Name)
            {
                case "Boolean":
                    return UaValueKind.Boolean;
                case "SByte" or "Byte" or "Int16" or "UInt16" or "Int32" or "UInt32" or "Int64" or "UInt64" or "Integer" or "UInteger" or "Enumeration":
                    return UaValueKind.Integer;
                case "Float" or "Double" or "Decimal" or "Number":
                    return UaValueKind.Real;
                case "String" or "LocalizedText":
                    return UaValueKind.Text;
                case "Structure":
                    return UaValueKind.Structure;
                case "BaseDataType":
                    // Declared as BaseDataType: any value. Below it (DateTime, NodeId, ByteString, ...): none the MES reads.
                    return dataTypeChain.Count == 1 ? UaValueKind.Unknown : UaValueKind.Other;
            }
        }

        return dataTypeChain.Count == 0 ? UaValueKind.Unknown : UaValueKind.Other;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Rendering (pure): the fragment to paste under a line's `machines:`.
    // ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// The YAML list of machine entries for a plant file, with comments for the reviewer: why each object is a
    /// machine, where each signal came from and its data type, what was not found, guessed or withheld ("TODO
    /// review"; a withheld signal is written commented out), and the nodes found but not used.
    /// </summary>
    /// <param name="header">Comment lines written first (what was browsed).</param>
    public static string RenderYaml(IReadOnlyList<UaProposedMachine> machines, UaDiscoveryRendering rendering, IReadOnlyList<string>? header = null)
    {
        ArgumentNullException.ThrowIfNull(machines);
        ArgumentNullException.ThrowIfNull(rendering);
        var pad = new string(' ', Math.Clamp(rendering.Indent, 0, 40));
        var text = new StringBuilder();
        void Line(string line) => text.Append(pad).Append(line).Append('\n');

        foreach (var line in header ?? [])
        {
            Line("# " + Clip(line, 200));
        }

        if (machines.Count == 0)
        {
            Line("# no machines found");
            return text.ToString();
        }

        Line("# Paste under a line's or work cell's machines: and review every \"TODO review\".");
        Line("# Per signal: the machine's MES convention node (State, GoodCount, ..., UnitMode, CurrentJob/JobOrderId) if it");
        Line("# has one: it is the one scalar the MES reads. Else a standard node (MachineryItemState number, PackML");
        Line("# Status/StateCurrent, ...), else a guessed name. A mode is used only in the stateModel's encoding (PackML unit");
        Line("# mode, Machinery OperationMode); one that may not fit is commented out. Nodes not used are listed per machine:");
        Line("# OPC 30050 spreads the PackML state over three state machines and its counts and stop reason are structures;");
        Line("# Machinery's OperationCycleCounter counts all parts.");

        string? parent = null;
        foreach (var machine in machines)
        {
            if (machine.Parent != parent && machine.Parent is not null)
            {
                text.Append('\n');
                Line($"# in {Clip(machine.Parent, 100)}");
            }

            parent = machine.Parent;
            Line($"- id: {Scalar(machine.Id)}");
            Line($"  name: {Scalar(machine.Name)}");
            Line($"  # found via {Clip(string.Join("; ", machine.FoundVia), 160)}");
            Line($"  # node {machine.NodeId}");
            if (machine.Identification is not null)
            {
                Line($"  # identification: {Clip(machine.Identification, 160)}");
            }

            if (rendering.TypeId is not null)
            {
                Line($"  type: {Scalar(rendering.TypeId)}");
            }
            else if (machine.TypeId is not null)
            {
                Line($"  type: {Scalar(machine.TypeId)}  # from {Clip(machine.TypeSource ?? "the server", 80)}; TODO review: one of the plant's machineTypes");
            }
            else
            {
                Line("  type: TODO-machine-type  # TODO review: the id of one of the plant's machineTypes");
            }

            Line($"  endpoint: {Scalar(rendering.EndpointUrl)}");
            if (machine.StateModel is not null)
            {
                var review = machine.Signals.Any(s => s.Key == "state" && s.Source == UaSignalSource.Standard) ? string.Empty : "; TODO review";
                Line($"  stateModel: {machine.StateModel}  # {Clip(machine.StateModelNote ?? string.Empty, 200)}{review}");
            }
            else if (machine.StateModelNote is not null)
            {
                Line($"  # stateModel: {Clip(machine.StateModelNote, 200)} TODO review");
            }

            if (machine.Signals.Count > 0)
            {
                Line("  signals:");
            }
            else
            {
                Line("  # signals: none found. TODO review");
            }

            foreach (var key in SignalKeys)
            {
                if (machine.Signals.FirstOrDefault(s => s.Key == key) is { } signal)
                {
                    var review = signal.Source == UaSignalSource.Guessed ? "; TODO review" : string.Empty;
                    Line($"    {key}: {Scalar(signal.NodeId)}  # {Clip(signal.Note, 200)}{review}");
                }
                else if (machine.Withheld.FirstOrDefault(s => s.Key == key) is { } held)
                {
                    Line($"    # {key}: {Scalar(held.NodeId)}  # {Clip(held.Note, 300)}");
                }
                else if (machine.Signals.Count > 0 && machine.Missing.Contains(key))
                {
                    Line($"    # {key}: not found. TODO review");
                }
            }

            if (machine.Alternatives.Count > 0)
            {
                Line("  # nodes found but not used:");
                foreach (var alternative in machine.Alternatives)
                {
                    Line($"  #   {Clip(alternative, 400)}");
                }
            }

            Line("  # idealCycleTimes: seconds per product, not on the server. TODO review");
        }

        return text.ToString();
    }

    /// <summary>A YAML scalar: plain when that reads back as the same text, else double-quoted.</summary>
    public static string Scalar(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var plain = value.Length > 0
            && value.Trim() == value
            && !"-?:,[]{}#&*!|>'\"%@`".Contains(value[0], StringComparison.Ordinal)
            && !value.Contains(": ", StringComparison.Ordinal)
            && !value.Contains(" #", StringComparison.Ordinal)
            && !value.EndsWith(':')
            && !value.Any(c => char.IsControl(c) || c > '~')
            && !IsYamlSpecial(value);
        if (plain)
        {
            return value;
        }

        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('"').ToString();
    }

    // Plain scalars YAML would read as null, booleans or numbers.
    private static bool IsYamlSpecial(string value) =>
        value.ToLowerInvariant() is "~" or "null" or "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n"
        || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("0o", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith('.');
}

// Browsing: the I/O half. Reads the server's address space into UaDiscoveredNodes for Classify.
public static partial class UaDiscovery
{
    private static readonly NodeId ObjectsFolder = new(85u);
    private static readonly NodeId HierarchicalReferences = new(33u);
    private static readonly NodeId HasSubtype = new(45u);
    private static readonly NodeId MaxNodesPerRead = new(11705u);
    private static readonly NodeId MaxNodesPerBrowse = new(11710u);

    /// <summary>
    /// Browses the server from the Objects folder: forward hierarchical references, breadth first, many nodes per
    /// Browse request, each node once (reference cycles end there), to <see cref="UaDiscoveryOptions.MaxDepth"/>
    /// levels and <see cref="UaDiscoveryOptions.MaxNodes"/> nodes. Then it reads what classification needs: type
    /// hierarchies (inverse HasSubtype), variables' DataType and ValueRank, descriptions of state-like variables and
    /// Identification values. Standard objects of namespace 0 (Server, Aliases, ...) and methods are not browsed.
    /// </summary>
    /// <param name="progress">Gets a line every 2,000 nodes, for big servers.</param>
    public static Task<UaDiscoveryScan> ScanAsync(
        UaClient client, UaDiscoveryOptions options, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDepth, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxNodes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MachineDepth, nameof(options));
        return new Scanner(client, options, progress).RunAsync(cancellationToken);
    }

    private sealed class Scanner(UaClient client, UaDiscoveryOptions options, Action<string>? progress)
    {
        private const int ProgressEvery = 2_000;

        private readonly Dictionary<NodeId, Entry> _entries = [];
        private readonly Dictionary<UaDiscoveredNode, Entry> _byNode = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<(NodeId Parent, NodeId Child)> _links = [];
        private readonly Dictionary<NodeId, TypeInfo> _types = [];
        private int _browseBatch = 500;
        private int _readBatch = 1_000;
        private int _nextProgress = ProgressEvery;
        private bool _truncated;
        private int _unbrowsable;

        public async Task<UaDiscoveryScan> RunAsync(CancellationToken ct)
        {
            await ReadOperationLimitsAsync(ct);
            var root = Add(ObjectsFolder, new UaDiscoveredNode("i=85", "Objects", NodeClass.Object)
            {
                BrowseNamespaceUri = NamespaceTable.OpcUaNamespaceUri,
                DisplayName = "Objects",
            });
            root.Budget = options.MaxDepth;
            await ExpandAsync([root], ct);
            await DescribeAsync(ct);

            // A machine near the depth limit has its standard nodes below the limit: browse each machine's own
            // subtree MachineDepth levels down, and look again (the deeper nodes may change what was found).
            for (var round = 0; round < 3 && !_truncated; round++)
            {
                var frontier = new List<Entry>();
                foreach (var (machine, _) in FindMachines(root.Node))
                {
                    Deepen(_byNode[machine], frontier);
                }

                if (frontier.Count == 0)
                {
                    break;
                }

                await ExpandAsync(frontier, ct);
                await DescribeAsync(ct);
            }

            return new UaDiscoveryScan(root.Node, _entries.Count, _truncated);
        }

        private void Deepen(Entry machine, List<Entry> frontier)
        {
            var visited = new HashSet<Entry>(ReferenceEqualityComparer.Instance) { machine };
            var level = new List<Entry> { machine };
            for (var depth = 0; depth < options.MachineDepth && level.Count > 0; depth++)
            {
                var next = new List<Entry>();
                foreach (var entry in level)
                {
                    entry.Budget = Math.Max(entry.Budget, options.MachineDepth - depth);
                    if (!entry.Expanded && CanExpand(entry))
                    {
                        frontier.Add(entry);
                    }

                    next.AddRange(entry.Node.Children.Select(c => _byNode[c]).Where(visited.Add));
                }

                level = next;
            }
        }

        private Entry Add(NodeId id, UaDiscoveredNode node)
        {
            var entry = new Entry(id, node);
            _entries.Add(id, entry);
            _byNode.Add(node, entry);
            return entry;
        }

        // Methods have only their arguments below them; namespace 0 holds the Server object and other standard
        // objects, never a machine.
        private static bool CanExpand(Entry entry) =>
            entry.Budget > 0 && entry.Node.NodeClass != NodeClass.Method && (entry.Id.NamespaceIndex != 0 || entry.Id == ObjectsFolder);

        private async Task ExpandAsync(IReadOnlyList<Entry> start, CancellationToken ct)
        {
            var frontier = start.Where(e => !e.Expanded && CanExpand(e)).Distinct().ToList();
            while (frontier.Count > 0)
            {
                var next = new List<Entry>();
                var queued = new HashSet<Entry>(ReferenceEqualityComparer.Instance);
                foreach (var chunk in frontier.Chunk(_browseBatch))
                {
                    var results = await BrowseAsync(
                        [.. chunk.Select(e => new BrowseDescription
                        {
                            NodeId = e.Id,
                            BrowseDirection = BrowseDirection.Forward,
                            ReferenceTypeId = HierarchicalReferences,
                            IncludeSubtypes = true,
                            NodeClassMask = (uint)(NodeClass.Object | NodeClass.Variable | NodeClass.Method),
                            ResultMask = BrowseResultMask.All,
                        })],
                        ct);
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        var parent = chunk[i];
                        parent.Expanded = true;
                        foreach (var reference in results[i])
                        {
                            if (Link(parent, reference) is { } child && !child.Expanded && CanExpand(child) && queued.Add(child))
                            {
                                next.Add(child);
                            }
                        }
                    }

                    if (_entries.Count >= _nextProgress)
                    {
                        progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"browsed {_entries.Count:N0} nodes..."));
                        _nextProgress = (_entries.Count / ProgressEvery + 1) * ProgressEvery;
                    }
                }

                frontier = next;
            }
        }

        /// <summary>
        /// One Browse for many nodes. The client fails the whole batch when one node's result is Bad (a node deleted
        /// since its parent was browsed, one this user may not browse), so such a batch is browsed again node by
        /// node and the nodes that fail are left without children, and reported once.
        /// </summary>
        private async Task<ReferenceDescription[][]> BrowseAsync(BrowseDescription[] nodes, CancellationToken ct)
        {
            try
            {
                return await client.BrowseAsync(nodes, ct);
            }
            catch (UaException) when (nodes.Length > 1)
            {
                var results = new ReferenceDescription[nodes.Length][];
                for (var i = 0; i < nodes.Length; i++)
                {
                    try
                    {
                        results[i] = (await client.BrowseAsync([nodes[i]], ct))[0];
                    }
                    catch (UaException ex) when (IsNodeLevel(ex.StatusCode))
                    {
                        results[i] = [];
                        if (_unbrowsable++ == 0)
                        {
                            progress?.Invoke($"warning: {ex.Message} Nodes the server refuses to browse are skipped.");
                        }
                    }
                }

                return results;
            }
        }

        private static bool IsNodeLevel(StatusCode status) => status.CodeWithoutInfoBits is StatusCodes.BadNodeIdUnknown
            or StatusCodes.BadNodeIdInvalid or StatusCodes.BadUserAccessDenied or StatusCodes.BadNotReadable
            or StatusCodes.BadNotSupported or StatusCodes.BadNodeNotInView or StatusCodes.BadSecurityModeInsufficient;

        /// <summary>Adds the reference's target below <paramref name="parent"/> (once); null when it is skipped.</summary>
        private Entry? Link(Entry parent, ReferenceDescription reference)
        {
            // Targets on other servers are out of reach of this session.
            if (!reference.IsForward || !reference.NodeId.TryToNodeId(client.NamespaceUris, out var id) || id.IsNull)
            {
                return null;
            }

            if (!_entries.TryGetValue(id, out var child))
            {
                if (_entries.Count >= options.MaxNodes)
                {
                    _truncated = true;
                    return null;
                }

                child = Add(id, new UaDiscoveredNode(StableText(id), reference.BrowseName.Name ?? string.Empty, reference.NodeClass)
                {
                    BrowseNamespaceUri = client.NamespaceUris.GetUri(reference.BrowseName.NamespaceIndex) ?? string.Empty,
                    DisplayName = reference.DisplayName.Text,
                });
                child.TypeDefinition = reference.TypeDefinition.TryToNodeId(client.NamespaceUris, out var type) ? type : default;
            }

            child.Budget = Math.Max(child.Budget, parent.Budget - 1);
            child.ReadValue |= parent.Node.BrowseName == "Identification";
            if (_links.Add((parent.Id, id)))
            {
                parent.Node.Children.Add(child.Node);
            }

            return child;
        }

        private async Task DescribeAsync(CancellationToken ct)
        {
            var fresh = _entries.Values.Where(e => !e.Described).ToList();
            var reads = new List<ReadValueId>();
            var sinks = new List<Action<DataValue>>();
            void Read(Entry entry, uint attribute, Action<DataValue> sink)
            {
                reads.Add(new ReadValueId { NodeId = entry.Id, AttributeId = attribute });
                sinks.Add(sink);
            }

            foreach (var entry in fresh)
            {
                entry.Described = true;
                if (entry.Node.NodeClass != NodeClass.Variable)
                {
                    continue;
                }

                Read(entry, AttributeIds.DataType, v => entry.DataType = v.Value.Value is NodeId id ? id : default);

                // ValueRank -1 is a scalar; -2 (any) and -3 (scalar or array) may be scalars; 0 and above are arrays.
                Read(entry, AttributeIds.ValueRank, v => entry.Node.IsArray = v.Value.Value is int rank && rank >= 0);

                // The description tells a state's encoding, and whose mode a mode node holds.
                if (PatternIndex("state", entry.Node.BrowseName) != int.MaxValue || PatternIndex("mode", entry.Node.BrowseName) != int.MaxValue)
                {
                    Read(entry, AttributeIds.Description, v => entry.Node.Description = v.Value.Value is LocalizedText t ? t.Text : null);
                }

                if (entry.ReadValue)
                {
                    Read(entry, AttributeIds.Value, v => entry.Node.Value = TextOf(v.Value));
                }
            }

            await ReadAsync(reads, sinks, ct);
            await ResolveTypesAsync(
                fresh.Select(e => e.Node.NodeClass == NodeClass.Variable ? e.DataType : e.TypeDefinition).Where(id => !id.IsNull), ct);
            foreach (var entry in fresh)
            {
                if (entry.Node.NodeClass == NodeClass.Object)
                {
                    entry.Node.TypeChain = Chain(entry.TypeDefinition);
                }
                else if (entry.Node.NodeClass == NodeClass.Variable)
                {
                    var chain = Chain(entry.DataType);
                    entry.Node.DataTypeName = chain.Count > 0 ? chain[0].Name : null;
                    entry.Node.ValueKind = ValueKindOf(chain);
                }
            }
        }

        private static string? TextOf(Variant value) => value.ArrayType != VariantArrayType.Scalar ? null : value.Value switch
        {
            null => null,
            LocalizedText text => text.Text,
            string text => text,
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString(),
        };

        /// <summary>Reads many attributes in requests of at most the server's MaxNodesPerRead; bad results are skipped.</summary>
        private async Task ReadAsync(List<ReadValueId> reads, List<Action<DataValue>> sinks, CancellationToken ct)
        {
            for (var start = 0; start < reads.Count; start += _readBatch)
            {
                var count = Math.Min(_readBatch, reads.Count - start);
                var values = await client.ReadAsync(reads.GetRange(start, count), ct);
                for (var i = 0; i < count; i++)
                {
                    if (!values[i].StatusCode.IsBad)
                    {
                        sinks[start + i](values[i]);
                    }
                }
            }
        }

        /// <summary>Learns the browse name and supertypes of each type (ObjectType or DataType), up the hierarchy.</summary>
        private async Task ResolveTypesAsync(IEnumerable<NodeId> typeIds, CancellationToken ct)
        {
            var unknown = typeIds.Where(id => !_types.ContainsKey(id)).Distinct().ToList();
            if (unknown.Count == 0)
            {
                return;
            }

            var reads = new List<ReadValueId>();
            var sinks = new List<Action<DataValue>>();
            foreach (var id in unknown)
            {
                var info = _types[id] = new TypeInfo(new UaTypeName(string.Empty, StableText(id)));
                reads.Add(new ReadValueId { NodeId = id, AttributeId = AttributeIds.BrowseName });
                sinks.Add(v =>
                {
                    if (v.Value.Value is QualifiedName name)
                    {
                        info.Name = TypeName(name);
                    }
                });
            }

            await ReadAsync(reads, sinks, ct);

            // One Browse per level of the hierarchies; the known set ends cycles.
            var pending = unknown;
            for (var level = 0; pending.Count > 0 && level < 64; level++)
            {
                var next = new List<NodeId>();
                foreach (var chunk in pending.Chunk(_browseBatch))
                {
                    var results = await BrowseAsync(
                        [.. chunk.Select(id => new BrowseDescription
                        {
                            NodeId = id,
                            BrowseDirection = BrowseDirection.Inverse,
                            ReferenceTypeId = HasSubtype,
                            IncludeSubtypes = false,
                            ResultMask = BrowseResultMask.All,
                        })],
                        ct);
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        var super = results[i].FirstOrDefault();
                        if (super is null || !super.NodeId.TryToNodeId(client.NamespaceUris, out var superId) || superId.IsNull)
                        {
                            continue;
                        }

                        _types[chunk[i]].Super = superId;
                        if (!_types.ContainsKey(superId))
                        {
                            _types[superId] = new TypeInfo(TypeName(super.BrowseName));
                            next.Add(superId);
                        }
                    }
                }

                pending = next;
            }
        }

        private List<UaTypeName> Chain(NodeId typeId)
        {
            var chain = new List<UaTypeName>();
            var seen = new HashSet<NodeId>();
            for (NodeId? id = typeId; id is { IsNull: false } current && seen.Add(current) && _types.TryGetValue(current, out var info); id = info.Super)
            {
                chain.Add(info.Name);
            }

            return chain;
        }

        private UaTypeName TypeName(QualifiedName name) =>
            new(client.NamespaceUris.GetUri(name.NamespaceIndex) ?? string.Empty, name.Name ?? string.Empty);

        /// <summary><c>nsu=&lt;uri&gt;;…</c>: namespace indexes may change when the server restarts, URIs do not.</summary>
        private string StableText(NodeId id)
        {
            if (id.NamespaceIndex == 0 || client.NamespaceUris.GetUri(id.NamespaceIndex) is not { } uri)
            {
                return id.ToString();
            }

            return new ExpandedNodeId(id.WithNamespaceIndex(0), uri).ToString();
        }

        /// <summary>Asks the server how many nodes one Browse and one Read may carry (0 or unreadable: our defaults).</summary>
        private async Task ReadOperationLimitsAsync(CancellationToken ct)
        {
            var values = await client.ReadAsync(
                [new ReadValueId { NodeId = MaxNodesPerBrowse }, new ReadValueId { NodeId = MaxNodesPerRead }], ct);
            if (values[0].Value.TryGetValue(out uint browse) && browse > 0)
            {
                _browseBatch = (int)Math.Min(browse, (uint)_browseBatch);
            }

            if (values[1].Value.TryGetValue(out uint read) && read > 0)
            {
                _readBatch = (int)Math.Min(read, (uint)_readBatch);
            }
        }
    }

    private sealed class Entry(NodeId id, UaDiscoveredNode node)
    {
        public NodeId Id { get; } = id;

        public UaDiscoveredNode Node { get; } = node;

        public NodeId TypeDefinition { get; set; }

        public NodeId DataType { get; set; }

        /// <summary>Levels that may still be browsed below this node.</summary>
        public int Budget { get; set; }

        public bool Expanded { get; set; }

        public bool Described { get; set; }

        /// <summary>A property of an Identification object: its value names the machine's type and maker.</summary>
        public bool ReadValue { get; set; }
    }

    private sealed class TypeInfo(UaTypeName name)
    {
        public UaTypeName Name { get; set; } = name;

        public NodeId? Super { get; set; }
    }
}
