using System.Globalization;
using SmartShop.OpcUa;
using SmartShop.OpcUa.Binary;
using SmartShop.Server.WorkOrders;

namespace SmartShop.Server.Plc;

/// <summary>
/// The ISA-95 job order as OPC 10031-4 (ISA95-JOBCONTROL v2) defines it on the wire: an ISA95JobOrderDataType with the
/// order's number, its priority and one material requirement saying what is produced and how many. Both are
/// structures with optional fields: a UInt32 mask (bit i = optional field i present) and then the present fields in
/// definition order.
/// </summary>
public static class Isa95JobOrder
{
    public const string NamespaceUri = "http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/";

    /// <summary>ISA95JobOrderDataType's "Default Binary" encoding, i=5014 in the namespace above.</summary>
    public const uint JobOrderBinaryEncodingId = 5014;

    // Optional fields of ISA95JobOrderDataType after JobOrderID: Description 0, WorkMasterID 1, StartTime 2, EndTime 3,
    // Priority 4, JobOrderParameters 5, PersonnelRequirements 6, EquipmentRequirements 7, PhysicalAssetRequirements 8,
    // MaterialRequirements 9.
    private const uint PriorityBit = 1u << 4;
    private const uint MaterialRequirementsBit = 1u << 9;

    // Optional fields of ISA95MaterialDataType: MaterialClassID 0, MaterialDefinitionID 1, MaterialLotID 2,
    // MaterialSublotID 3, Description 4, MaterialUse 5, Quantity 6, EngineeringUnits 7, Properties 8.
    private const uint MaterialDefinitionBit = 1u << 1;
    private const uint MaterialUseBit = 1u << 5;
    private const uint QuantityBit = 1u << 6;

    /// <summary>The job as an ExtensionObject for Store / StoreAndStart, in the server's index of the ISA-95 namespace.</summary>
    public static ExtensionObject Encode(MachineJob job, ushort namespaceIndex)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var encoder = new BinaryEncoder();
        encoder.WriteUInt32(PriorityBit | MaterialRequirementsBit);
        encoder.WriteString(job.JobOrderId);
        encoder.WriteInt16((short)job.Priority);
        encoder.WriteInt32(1);
        encoder.WriteUInt32(MaterialDefinitionBit | MaterialUseBit | QuantityBit);
        encoder.WriteString(job.Product);
        encoder.WriteString("Produced");
        // DecimalString: the quantity of good units, '.' as separator.
        encoder.WriteString(job.Quantity.ToString("0.######", CultureInfo.InvariantCulture));
        return new ExtensionObject(new ExpandedNodeId(new NodeId(JobOrderBinaryEncodingId, namespaceIndex)), ByteString.Wrap(encoder.ToArray()));
    }

    /// <summary>What an ISA-95 ReturnStatus (UInt64 bit mask) means; null for 0 (accepted).</summary>
    public static string? Describe(ulong returnStatus)
    {
        if (returnStatus == 0)
        {
            return null;
        }

        var reasons = new List<string>();
        if ((returnStatus & 1) != 0)
        {
            reasons.Add("unknown job order");
        }

        if ((returnStatus & 2) != 0)
        {
            reasons.Add("the job is in a state that does not allow this");
        }

        if ((returnStatus & 4) != 0)
        {
            reasons.Add("the machine cannot accept it (duplicate job, or a product it does not make)");
        }

        if ((returnStatus & 8) != 0)
        {
            reasons.Add("invalid request");
        }

        if ((returnStatus & ~0xFul) != 0)
        {
            reasons.Add($"status 0x{returnStatus:X}");
        }

        return string.Join("; ", reasons);
    }
}
