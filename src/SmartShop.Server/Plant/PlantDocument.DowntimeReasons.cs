namespace SmartShop.Server.Plant;

// The downtime reason sections of the plant file, as written (see PlantDocument.cs for the conventions):
//   downtimeReasons:            the plant's tree; each node an id (one segment), a name and optional children
//     - id: unplanned
//       name: Unplanned
//       children:
//         - { id: material, name: Material, children: [{ id: starved, name: Starved }] }   -> unplanned.material.starved
//   machineTypes[].reasons:     full ids of the subtrees the type's operators pick from (the whole tree when missing)
//   stopReasons (types and machines):  101: Tool wear   or   101: { text: Tool wear, reason: unplanned.equipment.tooling }

internal sealed class DowntimeReasonDocument : DocumentObject
{
    /// <summary>One segment; the full id joins the segments from the top with '.'.</summary>
    public string? Id { get; set; }

    public string? Name { get; set; }

    public List<DowntimeReasonDocument>? Children { get; set; }
}

/// <summary>A stop-reason table: entries are text, or a mapping with text and the downtime reason the code stands for.</summary>
internal sealed class StopReasonTableDocument : CodeTableDocument
{
}

/// <summary>The <c>{ text, reason }</c> form of a stop-reason code.</summary>
internal sealed class StopReasonCodeDocument : DocumentObject
{
    /// <summary>What the code means; the reason's name when missing.</summary>
    public string? Text { get; set; }

    /// <summary>The full id of a downtime reason.</summary>
    public string? Reason { get; set; }
}
